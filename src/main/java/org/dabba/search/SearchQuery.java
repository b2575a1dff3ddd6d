package org.dabba.search;

import java.util.List;

/**
 * A validated search: a point, a radius, optional text (already tokenized by {@link SearchText}), an order,
 * the pure-veg filter and a page.
 */
public record SearchQuery(double lat, double lon, double radiusKm, List<String> tokens, SortBy sortBy,
        boolean vegOnly, int page, int size) {

    public enum SortBy { RELEVANCE, DISTANCE, RATING, POPULARITY, DELIVERY_TIME }

    public boolean hasText() {
        return !tokens.isEmpty();
    }
}
