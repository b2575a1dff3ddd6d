package org.dabba.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dabba.platform.AfterCommit;

/**
 * What an operator watches of the order flow: moves by (from, to), how long restaurants take to decide and how
 * often dispatch gives up. Tags are statuses and outcomes only, never an order, a customer or a restaurant. Every
 * series is registered at start-up so dashboards see it before the first order. A move counts once its transaction
 * commits: one refused by a concurrent change (a 409) never happened.
 */
@Startup
@ApplicationScoped
public class OrderMetrics {

    static final String TRANSITIONS = "dabba.orders.transitions";
    static final String DECISION = "dabba.orders.restaurant.decision";
    static final String DISPATCH_MISSES = "dabba.orders.dispatch.deadline.misses";
    /** From "created" (checkout) to each status an order may take. */
    static final String CREATED = "created";

    @Inject
    MeterRegistry registry;

    @Inject
    TransactionSynchronizationRegistry transactions;

    private final Map<String, Counter> transitions = new HashMap<>();
    private final Map<String, Timer> decisions = new HashMap<>();
    private Counter dispatchMisses;

    @PostConstruct
    void register() {
        transition(CREATED, OrderStatus.PAYMENT_PENDING.name());
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : from.next()) {
                transition(from.name(), to.name());
            }
        }
        for (String outcome : new String[] {"accepted", "rejected", "timeout", "cancelled"}) {
            decisions.put(outcome, Timer.builder(DECISION).tag("outcome", outcome)
                    .description("From payment to the restaurant's answer (timeout: rejected for want of one)")
                    .publishPercentileHistogram().register(registry));
        }
        dispatchMisses = Counter.builder(DISPATCH_MISSES)
                .description("Orders cancelled because no courier was found before the dispatch deadline")
                .register(registry);
    }

    private void transition(String from, String to) {
        transitions.put(from + ">" + to, Counter.builder(TRANSITIONS).tag("from", from).tag("to", to)
                .description("Orders moved from one status to another").register(registry));
    }

    /** The bean from an entity, which has no injection. */
    static OrderMetrics current() {
        return Arc.container().instance(OrderMetrics.class).get();
    }

    void created() {
        afterCommit(() -> transitions.get(CREATED + ">" + OrderStatus.PAYMENT_PENDING.name()).increment());
    }

    /** One move; a restaurant's answer is timed from payment ({@code paidAt}) when it is known. */
    void moved(OrderStatus from, OrderStatus to, String reason, Instant paidAt, Instant at) {
        afterCommit(() -> count(from, to, reason, paidAt, at));
    }

    private void count(OrderStatus from, OrderStatus to, String reason, Instant paidAt, Instant at) {
        Counter c = transitions.get(from.name() + ">" + to.name());
        if (c != null) {
            c.increment();
        }
        if (from == OrderStatus.PENDING_RESTAURANT_ACCEPTANCE && paidAt != null && at != null) {
            String outcome = switch (to) {
                case ACCEPTED -> "accepted";
                case REJECTED -> OrderChanges.RESTAURANT_TIMEOUT.equals(reason) ? "timeout" : "rejected";
                default -> "cancelled";
            };
            decisions.get(outcome).record(Duration.between(paidAt, at));
        }
        if (to == OrderStatus.CANCELLED && OrderChanges.DISPATCH_DEADLINE.equals(reason)) {
            dispatchMisses.increment();
        }
    }

    private void afterCommit(Runnable count) {
        AfterCommit.run(transactions, count);
    }
}
