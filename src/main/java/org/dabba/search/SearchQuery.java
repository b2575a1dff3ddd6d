package org.dabba.search;

import static org.dabba.platform.Text.blankToNull;

import java.util.List;
import org.dabba.platform.Geo;

/**
 * A validated search: a point, a radius, optional text (already tokenized by {@link SearchText}), an order,
 * the pure-veg filter and a page; then an optional city, and the platform's default delivery radius.
 *
 * <p>With a point, only restaurants whose delivery area covers it are found: the great-circle distance to the
 * point is at most the restaurant's own delivery radius, or {@code defaultDeliveryRadiusKm} for those without
 * one (applied here, at query time, so changing the default needs no reindex). A search by city alone has no
 * point: {@code lat} and {@code lon} are NaN ({@link #inCity}), and it neither filters by distance nor ranks by it.
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

    /** A search among a city's restaurants, without a point (so without distances). */
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

    /** The great-circle distance from the point to a restaurant, NaN without a point. */
    public double distanceKm(SearchDocument document) {
        return hasPoint() ? Geo.distanceKm(lat, lon, document.lat(), document.lon()) : Double.NaN;
    }
}
