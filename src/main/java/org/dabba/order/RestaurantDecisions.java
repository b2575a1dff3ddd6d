package org.dabba.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.order.OrderBodies.OrderView;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderPreparationStarted;
import org.dabba.order.events.OrderReady;
import org.dabba.order.events.OrderRejected;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * What the restaurant decides about a paid order (one never paid is a 404 to it): accepted, then preparing and
 * ready for pickup, or rejected, by its owner or the acceptance timeout, the refund asked in the same transaction.
 */
@ApplicationScoped
public class RestaurantDecisions {

    private static final Logger LOG = Logger.getLogger(RestaurantDecisions.class);

    private static final int TIMEOUT_BATCH = 100;

    @Inject
    OrderChanges changes;

    @Inject
    RestaurantService restaurants;

    @Inject
    OrderConfig config;

    /** The restaurant takes the order: ACCEPTED, ready in {@code prepTimeMinutes} (else the restaurant's usual). */
    @Transactional
    public OrderView accept(Caller caller, UUID restaurantId, UUID orderId, Integer prepTimeMinutes) {
        RestaurantView restaurant = restaurants.requireOwned(restaurantId, caller);
        Order o = OrderReads.restaurantOrder(restaurantId, orderId);
        int prep = prepTimeMinutes != null ? prepTimeMinutes : restaurant.prepTimeMinutes();
        o.prepTimeMinutes = prep;
        changes.move(o, OrderStatus.ACCEPTED, o.paymentStatus, "accepted by the restaurant, ready in " + prep + " min",
                Actor.of(caller), s -> new OrderConfirmed(s, prep, o.estimatedReadyAt));
        return OrderViews.full(o);
    }

    /** The restaurant refuses the order: REJECTED and the payment REFUND_PENDING, the refund follows. */
    @Transactional
    public OrderView reject(Caller caller, UUID restaurantId, UUID orderId, String reason) {
        restaurants.requireOwned(restaurantId, caller);
        Order o = OrderReads.restaurantOrder(restaurantId, orderId);
        rejectPaid(o, reason.strip(), Actor.of(caller));
        return OrderViews.full(o);
    }

    /** The restaurant moves the order on; for now only to IN_PREPARATION (couriers take it from there). */
    @Transactional
    public OrderView moveOn(Caller caller, UUID restaurantId, UUID orderId, OrderStatus target) {
        if (target != OrderStatus.IN_PREPARATION) {
            throw ProblemException.invalid("status", "must be IN_PREPARATION: ACCEPTED and REJECTED have their "
                    + "own endpoints (accept, reject), and couriers move an order OUT_FOR_DELIVERY and DELIVERED");
        }
        restaurants.requireOwned(restaurantId, caller);
        Order o = OrderReads.restaurantOrder(restaurantId, orderId);
        changes.move(o, OrderStatus.IN_PREPARATION, o.paymentStatus, "preparation started by the restaurant",
                Actor.of(caller), s -> new OrderPreparationStarted(s, o.prepTimeMinutes, o.estimatedReadyAt));
        return OrderViews.full(o);
    }

    /**
     * {@code POST /restaurants/{restaurantId}/orders/{orderId}/ready}: the food waits for its courier (a flag, not
     * a state: the order stays ACCEPTED or IN_PREPARATION until picked up). Again: the same answer, no new event.
     */
    @Transactional
    public OrderView readyForPickup(Caller caller, UUID restaurantId, UUID orderId) {
        restaurants.requireOwned(restaurantId, caller);
        Order o = OrderReads.restaurantOrder(restaurantId, orderId);
        if (!OrderStatus.AWAITING_PICKUP.contains(o.status)) {
            throw ProblemException.conflict("not-in-preparation", "Order " + orderId + " is " + o.status
                    + "; only an ACCEPTED or IN_PREPARATION order can be ready for pickup");
        }
        if (o.readyAt == null) {
            o.readyAt = Time.now();
            o.updatedAt = o.readyAt;
            changes.publish(o, s -> new OrderReady(s, o.readyAt));
        }
        return OrderViews.full(o);
    }

    /**
     * {@code order-acceptance-timeout}: paid orders undecided {@code dabba.orders.acceptance-timeout} after payment
     * are rejected ({@link OrderChanges#RESTAURANT_TIMEOUT}, refund included), oldest first, each in its own
     * transaction; one the restaurant decides at that moment keeps that decision. Answers how many.
     */
    public int rejectUnanswered(Instant now) {
        Instant cutoff = now.minus(config.acceptanceTimeout());
        List<UUID> overdue = QuarkusTransaction.requiringNew().call(() -> Order.<Order>find(
                "status = ?1 and paidAt < ?2", Sort.by("paidAt").and("id"),
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE, cutoff).page(Page.ofSize(TIMEOUT_BATCH)).list().stream()
                .map(o -> o.id).toList());
        int rejected = 0;
        for (UUID orderId : overdue) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> rejectIfUnanswered(orderId, cutoff))) {
                    rejected++;
                }
            } catch (RuntimeException e) {
                LOG.infof("Order %s was not rejected for the timeout (%s); a decision came at the same time",
                        orderId, e.toString());
            }
        }
        if (rejected > 0) {
            LOG.infof("Rejected %d orders the restaurant did not answer within %s", rejected,
                    config.acceptanceTimeout());
        }
        return rejected;
    }

    private boolean rejectIfUnanswered(UUID orderId, Instant cutoff) {
        Order o = OrderChanges.existing(orderId);
        if (o.status != OrderStatus.PENDING_RESTAURANT_ACCEPTANCE || o.paidAt == null || !o.paidAt.isBefore(cutoff)) {
            return false;
        }
        rejectPaid(o, OrderChanges.RESTAURANT_TIMEOUT, Actor.SYSTEM);
        return true;
    }

    /** REJECTED with the money on its way back, in one transaction: the refund row, the event. */
    private void rejectPaid(Order o, String reason, Actor by) {
        o.moveTo(OrderStatus.REJECTED, PaymentStatus.REFUND_PENDING, reason, by);
        OrderRefund.request(o, o.refundable(), "rejected: " + reason, by);
        changes.publish(o, s -> new OrderRejected(s, reason, o.paymentIntentId));
    }
}
