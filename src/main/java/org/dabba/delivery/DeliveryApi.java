package org.dabba.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What couriers and customers send and get about deliveries (REST bodies and socket messages). */
public final class DeliveryApi {

    private DeliveryApi() {
    }

    /** {@code PUT /couriers/me/availability}: AVAILABLE or OFFLINE (BUSY is the system's). */
    public record AvailabilityRequest(@NotNull CourierStatus status) {
    }

    public record CourierView(UUID courierId, CourierStatus status) {
    }

    /** A position, from the socket ({@code type: location}) or {@code POST /couriers/me/location}. */
    public record LocationUpdate(String type, Double lat, @JsonProperty("long") Double lon, Double heading,
            Double speed, String ts, UUID orderId) {
    }

    /** {@code GET /orders/{orderId}/location}. */
    public record TrackingView(UUID courierId, double lat, @JsonProperty("long") double lon, Instant updatedAt,
            Integer etaMinutes) {
    }

    /** {@code courier.location} on the customer's order socket. */
    public record CourierLocation(String type, UUID orderId, double lat, @JsonProperty("long") double lon,
            Instant updatedAt) {
    }

    public record Point(double lat, @JsonProperty("long") double lon) {
    }

    public record RestaurantPlace(String name, Point location) {
    }

    /** {@code offer} on the courier's socket; the payout is the order's delivery fee (absent when unknown). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Offer(String type, UUID orderId, RestaurantPlace restaurant, Point dropoff, BigDecimal payout,
            String currency, Instant expiresAt) {
    }

    /** {@code offer.revoked}, {@code order.ready}, {@code assigned} and the like on the courier's socket. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderMessage(String type, UUID orderId, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String type, String code, String field, String detail) {
    }

    /** What an accepted offer answers. */
    public record Assignment(UUID orderId, UUID courierId, String status) {
    }

    /** {@code GET /admin/deliveries/unassigned}: an order nobody took after every round. */
    public record Unassigned(UUID orderId, UUID restaurantId, int rounds, Instant flaggedAt) {
    }
}
