package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.Assignment;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.delivery.DeliveryBodies.Unassigned;
import org.dabba.order.Actor;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;

/**
 * Who gets an order: a courier accepting an offer, or an admin giving it to one; and the admins' list of orders
 * nobody took. Either way the courier is taken in Redis first (so they cannot win two orders at once), then the
 * order in PostgreSQL by one conditional update (so it has one courier); a courier who loses is let go again.
 */
@ApplicationScoped
public class CourierAssignments {

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    DeliveryProgress orders;

    @Inject
    CourierVerification verification;

    @Inject
    Matchings matchings;

    /**
     * A courier accepts an offer: 403 when it was never offered to them, 409 {@code offer-expired} after its window,
     * 409 {@code courier-busy} when on another delivery ({@code courier-offline} when OFFLINE), 409
     * {@code no-longer-available} when someone else won. The others' offers are revoked on their sockets. Accepting
     * again what one already has answers the same assignment.
     */
    public Assignment accept(UUID courierId, UUID orderId) {
        String expiry = couriers.await(redis.hash(String.class).hget(Matchings.offersKey(orderId),
                courierId.toString()));
        if (expiry == null) {
            throw ProblemException.forbidden("Order " + orderId + " was not offered to you");
        }
        verification.requireApproved(courierId); // suspended since the offer
        CourierStore.Claim claim = couriers.claim(courierId, orderId);
        if (!claim.taken()) {
            CourierStore.Stored me = claim.now();
            if (me.status() == CourierStatus.OFFLINE) {
                throw ProblemException.conflict("courier-offline", "You are OFFLINE: set yourself AVAILABLE to accept");
            }
            if (!me.orderId().equals(Optional.of(orderId))) {
                throw ProblemException.conflict("courier-busy", "You are on another delivery");
            }
            if (orders.delivery(orderId).map(d -> courierId.equals(d.courierId())).orElse(false)) {
                return new Assignment(orderId, courierId, "ASSIGNED"); // accepted again: the same answer
            }
            // Another accept of this order by this courier is being decided right now (a double tap).
            throw ProblemException.conflict("courier-busy", "Your accept of order " + orderId + " is being decided");
        }
        boolean won = false;
        try {
            if (Long.parseLong(expiry) < Time.now().toEpochMilli()) {
                throw ProblemException.conflict("offer-expired", "Your offer for order " + orderId + " has expired");
            }
            won = orders.assignCourier(orderId, courierId, Actor.courier(courierId));
        } finally {
            if (!won) {
                couriers.free(courierId, orderId); // this call took the courier: let them go again
            }
        }
        if (!won) {
            throw ProblemException.conflict("no-longer-available", "Order " + orderId + " is no longer available");
        }
        taken(orderId, courierId);
        return new Assignment(orderId, courierId, "ASSIGNED");
    }

    /**
     * {@code POST /admin/deliveries/{orderId}/assign}: an admin gives the order to an AVAILABLE courier, taken in
     * Redis as an accept takes them, then the order's conditional update. 409 {@code not-assignable} when the
     * order has a courier or is not waiting for one, 409 {@code courier-not-available} when the courier is not
     * AVAILABLE. The courier gets {@code assigned} on their socket; open offers are revoked.
     */
    public Assignment assign(Caller admin, UUID orderId, UUID courierId) {
        DeliveryView d = orders.delivery(orderId).orElseThrow(() -> ProblemException.notFound("Order", orderId));
        if (!Matchings.dispatchable(d)) {
            throw notAssignable(d);
        }
        verification.requireApproved(courierId);
        CourierStore.Claim claim = couriers.claim(courierId, orderId);
        if (!claim.taken()) {
            throw ProblemException.conflict("courier-not-available", "Courier " + courierId + " is "
                    + claim.now().status() + ", not AVAILABLE");
        }
        boolean won = false;
        try {
            won = orders.assignCourier(orderId, courierId, Actor.admin(admin.userId()));
        } finally {
            if (!won) {
                couriers.free(courierId, orderId);
            }
        }
        if (!won) {
            throw notAssignable(orders.delivery(orderId).orElse(d));
        }
        taken(orderId, courierId);
        sockets.send(courierId, new OrderMessage("assigned", orderId, null));
        return new Assignment(orderId, courierId, "ASSIGNED");
    }

    private static ProblemException notAssignable(DeliveryView d) {
        return ProblemException.conflict("not-assignable", d.courierId() != null
                ? "Order " + d.orderId() + " already has a courier"
                : "Order " + d.orderId() + " is " + d.status() + "; only an ACCEPTED or IN_PREPARATION order is "
                        + "given to a courier");
    }

    /** Someone took the order: its rounds stop, it is no longer unassigned, the other offers are revoked. */
    private void taken(UUID orderId, UUID courierId) {
        couriers.await(redis.sortedSet(String.class).zrem(Matchings.ROUNDS_KEY, orderId.toString()));
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
        matchings.revokeOpenOffers(orderId, courierId, "taken by another courier");
    }

    /** {@code GET /admin/deliveries/unassigned}: oldest first. */
    public List<Unassigned> unassigned() {
        return QuarkusTransaction.requiringNew().call(() -> UnassignedDelivery.<UnassignedDelivery>list(
                "order by flaggedAt, orderId").stream()
                .map(u -> new Unassigned(u.orderId, u.restaurantId, u.rounds, u.flaggedAt)).toList());
    }
}
