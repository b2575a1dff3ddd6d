package org.dabba.delivery;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.dabba.order.OrderBodies.DeliveryView;

/**
 * How dispatch does: the time from an order's acceptance (when matching starts) to a courier assigned, and the
 * offer rounds and offers it took. Tagged by who assigned (a courier's accept or an admin), nothing finer.
 */
@Startup
@ApplicationScoped
public class DispatchMetrics {

    @Inject
    MeterRegistry registry;

    private Timer byCourier;
    private Timer byAdmin;
    private DistributionSummary rounds;
    private DistributionSummary offers;

    @PostConstruct
    void register() {
        byCourier = latency("courier");
        byAdmin = latency("admin");
        rounds = DistributionSummary.builder("dabba.dispatch.rounds")
                .description("Offer rounds an order went through before a courier was assigned")
                .serviceLevelObjectives(1, 2, 3, 5, 8).register(registry);
        offers = DistributionSummary.builder("dabba.dispatch.offers")
                .description("Offers sent for an order before a courier was assigned")
                .serviceLevelObjectives(1, 2, 5, 10, 20).register(registry);
    }

    private Timer latency(String by) {
        return Timer.builder("dabba.dispatch.latency").tag("by", by)
                .description("From the restaurant's acceptance to a courier assigned").publishPercentileHistogram()
                .register(registry);
    }

    /** A courier was given the order; {@code round} and {@code offersSent} are what matching had reached. */
    void assigned(DeliveryView d, boolean byAdmin, int round, int offersSent) {
        Instant from = d.acceptedAt();
        Instant to = d.courierAssignedAt();
        if (from != null && to != null && !to.isBefore(from)) {
            (byAdmin ? this.byAdmin : byCourier).record(Duration.between(from, to));
        }
        rounds.record(round);
        offers.record(offersSent);
    }
}
