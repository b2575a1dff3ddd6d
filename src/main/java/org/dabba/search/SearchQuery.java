package org.dabba.search;

import static org.dabba.platform.Text.blankToNull;

import java.util.List;
import org.dabba.platform.Geo;

/**
 * A validated search. With a point, only restaurants whose delivery area covers it are found (their own radius,
 * or {@code defaultDeliveryRadiusKm}, applied at query time so changing it needs no reindex). A search by city
 * alone has no point: {@code lat} and {@code lon} are NaN ({@link #inCity}), no distance filter nor ranking.
 *
 * @param city matched on the restaurant address's city as {@link SearchText#normalize} makes it (case and
 *        accents aside); null for any city
 */
public record SearchQuery(double lat, double lon, double radiusKm, List<String> tokens, SortBy sortBy,
        boolean vegOnly, int page, int size, String city, double defaultDeliveryRadiusKm) {

    public enum SortBy {
        RELEVANCE, DISTANCE, RATING, POPULARITY, DELIVERY_TIME;

        /** Distance and delivery time are measured from the query's point. */
        public boolean needsPoint() {
            return this == DISTANCE || this == DELIVERY_TIME;
        }
    }

    public static SearchQuery inCity(String city, List<String> tokens, SortBy sortBy, boolean vegOnly, int page,
            int size) {
        return new SearchQuery(Double.NaN, Double.NaN, Double.NaN, tokens, sortBy, vegOnly, page, size, city,
                Double.NaN);
    }

    public boolean hasText() {
        return !tokens.isEmpty();
    }

    public boolean hasPoint() {
        return !Double.isNaN(lat) && !Double.isNaN(lon);
    }

    /** The city as the index holds it, or null for any city. */
    public String cityKey() {
        return blankToNull(SearchText.normalize(city));
    }

    /** The order hits come in: distance and delivery time need a point, and without one go by relevance. */
    public SortBy order() {
        return sortBy.needsPoint() && !hasPoint() ? SortBy.RELEVANCE : sortBy;
    }

    public double distanceKm(SearchDocument document) {
        return hasPoint() ? Geo.distanceKm(lat, lon, document.lat(), document.lon()) : Double.NaN;
    }
}
