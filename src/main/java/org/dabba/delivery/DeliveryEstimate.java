package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The one delivery estimate, for search's hits (and their sort) and checkout's promise: the restaurant's
 * preparation time (measured, else declared: {@code RestaurantView.expectedPrepMinutes()}) plus the way at
 * {@code dabba.delivery.travel-speed-kmh}, rounded up to the minute.
 */
@ApplicationScoped
public class DeliveryEstimate {

    @Inject
    DeliveryConfig config;

    /** Minutes from order to door: {@code prepMinutes} plus {@code distanceKm} at the configured speed. */
    public int minutes(int prepMinutes, double distanceKm) {
        return minutes(prepMinutes, distanceKm, config.travelSpeedKmh());
    }

    /** Minutes a courier needs per km at the configured speed (what a sort by delivery time weighs distance by). */
    public double minutesPerKm() {
        return 60 / config.travelSpeedKmh();
    }

    public static int minutes(int prepMinutes, double distanceKm, double speedKmh) {
        return prepMinutes + (int) Math.ceil(distanceKm * (60 / speedKmh));
    }
}
