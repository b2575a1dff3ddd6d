package org.dabba.restaurant;

import java.util.UUID;

/**
 * Fired (as a CDI event, in the changing transaction) on every change of a restaurant, so that what other
 * features derive from it, such as the cached public menu, can be dropped as soon as the change commits.
 */
public record RestaurantChanged(UUID restaurantId) {
}
