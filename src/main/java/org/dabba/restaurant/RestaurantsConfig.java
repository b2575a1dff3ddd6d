package org.dabba.restaurant;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Restaurants' own settings ({@code dabba.restaurants.*}). */
@ConfigMapping(prefix = "dabba.restaurants")
public interface RestaurantsConfig {

    /**
     * Milliseconds between two looks for restaurants whose hours open or close (route
     * restaurant-hours-boundaries): search shows a restaurant open or closed at most this late.
     */
    @Min(100)
    long hoursCheckInterval();

    /** Restaurants one look republishes at most; the rest wait for the next look. */
    @Min(1) @Max(10_000)
    int hoursBatchSize();
}
