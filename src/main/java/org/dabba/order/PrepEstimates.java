package org.dabba.order;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * Keeps each restaurant's measured preparation time ({@link PrepEstimate}) current: recomputed after each pickup
 * commits (the only moment an interval is added), in its own transactions, so a pickup never waits on or fails with
 * the restaurant's row; a failure is repaired by the next pickup. {@link RestaurantService#updatePrepEstimate}
 * republishes {@code restaurant.updated} only when the value changed.
 */
@ApplicationScoped
public class PrepEstimates {

    private static final Logger LOG = Logger.getLogger(PrepEstimates.class);

    /** An order of {@code restaurantId} went OUT_FOR_DELIVERY (fired in the pickup's transaction). */
    record PickedUp(UUID restaurantId) {
    }

    @Inject
    RestaurantService restaurants;

    @Inject
    OrderConfig config;

    void onPickedUp(@Observes(during = TransactionPhase.AFTER_SUCCESS) PickedUp p) {
        try {
            refresh(p.restaurantId());
        } catch (RuntimeException e) {
            LOG.warnf("Preparation estimate of restaurant %s not updated (%s); its next pickup tries again",
                    p.restaurantId(), e.toString());
        }
    }

    /** Recomputes the restaurant's estimate and stores it; answers whether it changed. */
    public boolean refresh(UUID restaurantId) {
        OrderConfig.PrepEstimateSettings settings = config.prepEstimate();
        List<Duration> intervals = QuarkusTransaction.requiringNew().call(() -> latestIntervals(restaurantId,
                settings.samples()));
        OptionalInt measured = PrepEstimate.measured(intervals, settings.samples(), settings.minSamples());
        return restaurants.updatePrepEstimate(restaurantId, measured.isPresent() ? measured.getAsInt() : null);
    }

    /** The restaurant's latest accepted-to-picked-up intervals, the latest pickup first. */
    static List<Duration> latestIntervals(UUID restaurantId, int limit) {
        List<?> rows = Panache.getEntityManager().createNativeQuery("select extract(epoch from (picked_up_at "
                + "- accepted_at)) from orders where restaurant_id = :r and picked_up_at is not null "
                + "and accepted_at is not null order by picked_up_at desc, id limit :n")
                .setParameter("r", restaurantId).setParameter("n", limit).getResultList();
        return rows.stream().map(v -> Duration.ofMillis(Math.round(((Number) v).doubleValue() * 1000))).toList();
    }
}
