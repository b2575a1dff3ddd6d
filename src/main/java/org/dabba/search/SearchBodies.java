package org.dabba.search;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.restaurant.RestaurantBodies.Availability;

/** The response bodies of /search and /admin/search. */
public final class SearchBodies {

    private SearchBodies() {
    }

    public record MatchedItem(UUID itemId, String name) {
    }

    /**
     * One hit. {@code openNow} (and its older name {@code isOpen}): takes orders now (ACTIVE, within its hours,
     * ONLINE). {@code deliveryFee}: what checkout would charge. Without a point (a search by city),
     * {@code distanceKm}, {@code estimatedDeliveryMinutes} and {@code deliveryFee} are null.
     * {@code latitude}/{@code longitude}: where the restaurant is, so that a map can show the hits.
     */
    public record Result(UUID restaurantId, String name, String logoUrl, BigDecimal distanceKm, double rating,
            double popularityScore, boolean isOpen, Integer estimatedDeliveryMinutes, List<MatchedItem> matchedItems,
            Instant opensAt, BigDecimal deliveryFee, double latitude, double longitude) {

        /** The restaurant view's name for it; {@code isOpen} stays for older clients. */
        @com.fasterxml.jackson.annotation.JsonProperty("openNow")
        public boolean openNow() {
            return isOpen;
        }

        /** The same hit, with whether it takes orders now and when it opens. */
        Result live(Availability now) {
            return new Result(restaurantId, name, logoUrl, distanceKm, rating, popularityScore, now.openNow(),
                    estimatedDeliveryMinutes, matchedItems, now.opensAt(), deliveryFee, latitude, longitude);
        }

        static BigDecimal km(double km) {
            return BigDecimal.valueOf(km).setScale(2, RoundingMode.HALF_EVEN);
        }
    }

    public record Results(List<Result> results, int page, int size, long total) {
    }

    public record RebuildStatus(String state, long processed, long total, Instant startedAt, Instant finishedAt,
            String error) {
    }

    public record Status(String engine, long documents, long lag, long deadLetters, RebuildStatus rebuild) {
    }

    public record DeadLetterView(UUID id, String eventId, String eventType, String subject, String error,
            Instant failedAt, String payload) {
    }
}
