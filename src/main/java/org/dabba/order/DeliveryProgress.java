package org.dabba.order;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.events.OrderCourierAssigned;
import org.dabba.order.events.OrderCourierReleased;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderDeliveryDelayed;
import org.dabba.order.events.OrderDeliveryStarted;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;

/** An order's delivery as the delivery feature drives it; the order keeps its state, delivery the couriers. */
@ApplicationScoped
public class DeliveryProgress {

    @Inject
    OrderChanges changes;

    @Inject
    Event<PrepEstimates.PickedUp> pickups;

    /** The order as its delivery sees it. */
    @Transactional
    public Optional<DeliveryView> delivery(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(OrderViews::delivery);
    }

    /**
     * Gives the delivery to {@code courierId} if nobody has it yet, by ONE conditional update, so that of any
     * number of concurrent callers exactly one wins; the version moves on, so a concurrent change of the loaded
     * order conflicts instead of writing the courier back to null. False: someone else has it, or the order is not
     * at the point where a courier can take it.
     */
    @Transactional
    public boolean assignCourier(UUID orderId, UUID courierId, Actor by) {
        Instant now = Time.now();
        int won = Order.update("courierId = ?1, courierAssignedAt = ?2, updatedAt = ?2, version = version + 1 "
                + "where id = ?3 and courierId is null and status in ?4", courierId, now, orderId,
                OrderStatus.AWAITING_PICKUP);
        if (won == 0) {
            return false;
        }
        Order o = OrderChanges.existing(orderId);
        o.note(by.kind() == Actor.Kind.COURIER ? "courier assigned" : "courier " + courierId + " assigned", by);
        changes.publish(o, OrderCourierAssigned::new);
        return true;
    }

    /**
     * The delivery goes back to dispatch before pickup (handed back, re-dispatched, a no-show), by ONE conditional
     * update, so a pickup at the same moment wins or loses whole. 403 when not this courier's, 409 {@code picked-up}
     * once it is on its way or over.
     */
    @Transactional
    public DeliveryView releaseCourier(UUID orderId, UUID courierId, String reason, Actor by) {
        int released = Order.update("courierId = null, courierAssignedAt = null, updatedAt = ?1, "
                + "version = version + 1 where id = ?2 and courierId = ?3 and status in ?4", Time.now(), orderId,
                courierId, OrderStatus.AWAITING_PICKUP);
        Order o = OrderChanges.existing(orderId);
        if (released == 0) {
            if (!courierId.equals(o.courierId)) {
                throw ProblemException.forbidden("Order " + orderId + " is not your delivery");
            }
            throw ProblemException.conflict("picked-up", "Order " + orderId + " is " + o.status
                    + "; a delivery can be handed back only before pickup");
        }
        o.note("courier released: " + reason, by);
        changes.publish(o, s -> new OrderCourierReleased(s.withCourier(courierId), reason));
        return OrderViews.delivery(o);
    }

    /** Paid orders waiting for a courier, longest first: the dispatch sweep finds lost matchings with it. */
    @Transactional
    public List<DeliveryView> awaitingCourier(int limit) {
        return Order.<Order>find("courierId is null and status in ?1", Sort.by("acceptedAt").and("id"),
                OrderStatus.AWAITING_PICKUP).page(Page.ofSize(limit)).list().stream().map(OrderViews::delivery)
                .toList();
    }

    /** No-shows: assigned before {@code cutoff}, food ready (or due) since before it, not picked up. */
    @Transactional
    public List<DeliveryView> notPickedUp(Instant cutoff, int limit) {
        return Order.<Order>find("courierId is not null and status in ?1 and courierAssignedAt < ?2 "
                + "and coalesce(readyAt, estimatedReadyAt) < ?2", Sort.by("courierAssignedAt").and("id"),
                OrderStatus.AWAITING_PICKUP, cutoff).page(Page.ofSize(limit)).list().stream().map(OrderViews::delivery)
                .toList();
    }

    /** The delivery a courier has now (taken, not yet delivered), if any. */
    @Transactional
    public Optional<DeliveryView> deliveryOf(UUID courierId) {
        return Order.<Order>find("courierId = ?1 and status in ?2", Sort.by("courierAssignedAt").descending(),
                courierId, OrderStatus.CARRIED).firstResultOptional().map(OrderViews::delivery);
    }

    /** The assigned courier has the food: OUT_FOR_DELIVERY. 403 for another courier, 409 in a wrong state. */
    @Transactional
    public DeliveryView pickedUp(UUID courierId, UUID orderId) {
        Order o = courierMoves(courierId, orderId, OrderStatus.OUT_FOR_DELIVERY, "picked up by the courier",
                OrderDeliveryStarted::new);
        pickups.fire(new PrepEstimates.PickedUp(o.restaurantId));
        return OrderViews.delivery(o);
    }

    /** The assigned courier handed the food over: DELIVERED. 403 for another courier, 409 in a wrong state. */
    @Transactional
    public DeliveryView delivered(UUID courierId, UUID orderId) {
        return OrderViews.delivery(courierMoves(courierId, orderId, OrderStatus.DELIVERED, "delivered by the courier",
                OrderDelivered::new));
    }

    private Order courierMoves(UUID courierId, UUID orderId, OrderStatus target, String reason,
            Function<OrderSnapshot, OrderEvent> event) {
        Order o = OrderChanges.existing(orderId);
        if (!courierId.equals(o.courierId)) {
            throw ProblemException.forbidden("Order " + orderId + " is not your delivery");
        }
        changes.move(o, target, o.paymentStatus, reason, Actor.courier(courierId), event);
        return o;
    }

    /** Nobody took the delivery after every round of offers: {@link OrderDeliveryDelayed} (the customer is told). */
    @Transactional
    public void deliveryDelayed(UUID orderId, int rounds) {
        Order o = OrderChanges.existing(orderId);
        if (o.courierId == null && OrderStatus.AWAITING_PICKUP.contains(o.status)) {
            changes.publish(o, s -> new OrderDeliveryDelayed(s, rounds));
        }
    }
}
