package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.dabba.delivery.DeliveryBodies.Assignment;
import org.dabba.delivery.DeliveryBodies.CourierStats;
import org.dabba.delivery.DeliveryBodies.Dispatch;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.delivery.DeliveryBodies.Unassigned;
import org.dabba.order.Actor;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderCancellations;
import org.dabba.order.OrderChanges;
import org.dabba.order.OrderStatus;
import org.dabba.order.events.OrderCancelled;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.jboss.logging.Logger;

/**
 * Who has an order: taken by a courier's accept or an admin's assign (the courier in Redis first, so they cannot win
 * two orders at once, then the order by one conditional update, so it has one courier), handed back, re-dispatched,
 * cancelled. And dispatch never gives up silently: the sweep reads PostgreSQL, not only Redis ({@link #sweep}).
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** The reason of a courier released for not coming. */
    static final String NO_SHOW = "no-show";
    /** Orders read per sweep: far more than wait for a courier at once; the oldest first. */
    static final int SWEEP_BATCH = 500;

    @Inject
    Matchings matchings;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    DeliveryProgress orders;

    @Inject
    OrderCancellations cancellations;

    @Inject
    CourierVerification verification;

    @Inject
    DeliveryConfig config;

    @Inject
    DispatchMetrics metrics;

    /**
     * The dispatch sweep's step (every instance; each action is safe to do twice). Deadlines first, from
     * PostgreSQL alone, so they hold while Redis is away (cancelled, refunded); then matching again for orders with
     * no live round (lost with a Redis failure, or a dropped event); then couriers who did not come (no-shows).
     * Once Redis fails, this sweep leaves it alone (the next one tries again).
     */
    public void sweep() {
        Instant now = Time.now();
        boolean redisUp = true;
        for (DeliveryView d : orders.awaitingCourier(SWEEP_BATCH)) {
            try {
                if (!cancelAtDeadline(d, now) && redisUp && matchings.start(d, Matchings.Start.HEAL, null)) {
                    LOG.warnf("Order %s had no live matching round; matching started again", d.orderId());
                }
            } catch (ProblemException e) {
                redisUp = redisUp && e.problem().getStatus() != 503;
                LOG.warnf("Dispatch sweep: order %s not checked (%s)", d.orderId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Dispatch sweep: order %s not checked", d.orderId());
            }
        }
        for (DeliveryView d : orders.notPickedUp(now.minus(config.noShowAfter()), SWEEP_BATCH)) {
            try {
                noShow(d);
            } catch (RuntimeException e) {
                LOG.warnf("Dispatch sweep: no-show of order %s not handled (%s)", d.orderId(), e.toString());
            }
        }
    }

    /** The courier did not come: released (reason no-show) and counted in one transaction, then re-dispatched. */
    private void noShow(DeliveryView d) {
        UUID courierId = d.courierId();
        DeliveryView released = QuarkusTransaction.requiringNew().call(() -> {
            DeliveryView v = orders.releaseCourier(d.orderId(), courierId, NO_SHOW, Actor.SYSTEM);
            CourierNoShow n = new CourierNoShow();
            n.courierId = courierId;
            n.orderId = d.orderId();
            n.at = Time.now();
            n.persist();
            return v;
        });
        LOG.warnf("Courier %s did not come for order %s; released and the order offered again", courierId,
                d.orderId());
        redispatch(released, courierId, NO_SHOW, true);
    }

    /**
     * {@code POST /deliveries/{orderId}/release}: the courier hands the delivery back before pickup (403 when not
     * theirs, 409 once picked up); AVAILABLE again, and the order is offered again at once, never to them.
     */
    public Dispatch release(Caller courier, UUID orderId, String reason) {
        DeliveryView d = orders.releaseCourier(orderId, courier.userId(), reason.strip(),
                Actor.courier(courier.userId()));
        return redispatch(d, courier.userId(), reason.strip(), false);
    }

    /**
     * {@code POST /admin/deliveries/{orderId}/redispatch}: an assigned courier who has not picked up is released
     * (and told), and the order is offered from round 1 now; an order nobody has starts its rounds again.
     * 409 {@code not-dispatchable} once picked up or over.
     */
    public Dispatch redispatch(Caller admin, UUID orderId) {
        DeliveryView d = orders.delivery(orderId).orElseThrow(() -> ProblemException.notFound("Order", orderId));
        if (!OrderStatus.AWAITING_PICKUP.contains(d.status())) {
            throw ProblemException.conflict("not-dispatchable", "Order " + orderId + " is " + d.status()
                    + "; only an ACCEPTED or IN_PREPARATION order goes back to dispatch");
        }
        UUID courierId = d.courierId();
        if (courierId != null) {
            d = orders.releaseCourier(orderId, courierId, "re-dispatched by an admin", Actor.admin(admin.userId()));
        }
        return redispatch(d, courierId, "re-dispatched", courierId != null);
    }

    /**
     * After a release committed: the courier AVAILABLE again (told on their socket when it was not their doing),
     * the order back to round 1. Redis failing here leaves the order to the sweep (it has no courier and no live
     * round) and the courier BUSY on an order not theirs, let go at their next availability change.
     */
    private Dispatch redispatch(DeliveryView d, UUID courierId, String reason, boolean tell) {
        try {
            if (courierId != null) {
                couriers.free(courierId, d.orderId());
                if (tell) {
                    sockets.sendEverywhere(courierId, new OrderMessage("released", d.orderId(), reason));
                }
            }
            matchings.start(d, Matchings.Start.RESTART, courierId);
        } catch (RuntimeException e) {
            LOG.warnf("Order %s released but not re-dispatched yet (%s); the dispatch sweep will", d.orderId(),
                    e.toString());
        }
        return new Dispatch(d.orderId(), "DISPATCHING", courierId);
    }

    /** {@code GET /admin/couriers/{courierId}/stats}. */
    public CourierStats stats(UUID courierId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<CourierNoShow> all = CourierNoShow.<CourierNoShow>list("courierId", courierId);
            Instant last = all.stream().map(n -> n.at).max(Instant::compareTo).orElse(null);
            return new CourierStats(courierId, all.size(), last);
        });
    }

    /** When the order is cancelled if still nobody has it (empty for an order accepted before this was kept). */
    Optional<Instant> deadline(DeliveryView d) {
        return Optional.ofNullable(d.acceptedAt()).map(at -> at.plus(config.dispatchDeadline()));
    }

    /**
     * Past the dispatch deadline, the order is cancelled with a full refund ({@link OrderCancelled}, reason
     * {@code dispatch-deadline}, reaches the customer, the restaurant and this feature, which drops the rest).
     * False when not past it or the order cannot be cancelled (order decides; e.g. already in preparation): then
     * offering goes on at the slow pace and it stays on the admins' list.
     */
    boolean cancelAtDeadline(DeliveryView d, Instant now) {
        Optional<Instant> deadline = deadline(d);
        if (deadline.isEmpty() || now.isBefore(deadline.get())
                || !cancellations.cancelBySystem(d.orderId(), OrderChanges.DISPATCH_DEADLINE)) {
            return false;
        }
        LOG.warnf("Order %s: no courier by the dispatch deadline; cancelled and refunded", d.orderId());
        return true;
    }

    /**
     * {@link OrderCancelled}, whatever the cause: its courier (if any) is let go, AVAILABLE again, and told
     * ({@code order.cancelled} on their socket); open offers are revoked; its matching and unassigned row go.
     */
    void cancelled(UUID orderId, String reason, UUID courierId) {
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId)); // needs no Redis
        if (courierId != null) {
            couriers.free(courierId, orderId);
            sockets.sendEverywhere(courierId, new OrderMessage("order.cancelled", orderId, reason));
        }
        revokeOpenOffers(orderId, courierId, "order cancelled");
        matchings.forget(orderId);
    }

    /**
     * {@code offer.revoked} to every courier whose offer of the order still stands (but {@code except}), or ran
     * out within the last window: their app may still be showing it.
     */
    private void revokeOpenOffers(UUID orderId, UUID except, String reason) {
        long now = Time.now().minus(config.offerWindow()).toEpochMilli();
        OrderMessage revoked = new OrderMessage("offer.revoked", orderId, reason);
        matchings.offers(orderId).forEach((c, expiry) -> {
            if (!c.equals(String.valueOf(except)) && Long.parseLong(expiry) >= now) {
                sockets.sendEverywhere(UUID.fromString(c), revoked);
            }
        });
    }

    /**
     * A courier accepts an offer: 403 when it was never offered to them, 409 {@code offer-expired} after its window,
     * 409 {@code courier-busy} when on another delivery ({@code courier-offline} when OFFLINE), 409
     * {@code no-longer-available} when someone else won. The others' offers are revoked on their sockets. Accepting
     * again what one already has answers the same assignment.
     */
    public Assignment accept(UUID courierId, UUID orderId) {
        String expiry = matchings.offerExpiry(orderId, courierId);
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
        return give(orderId, courierId, Actor.courier(courierId), () -> {
            if (Long.parseLong(expiry) < Time.now().toEpochMilli()) {
                throw ProblemException.conflict("offer-expired", "Your offer for order " + orderId + " has expired");
            }
        }, () -> ProblemException.conflict("no-longer-available", "Order " + orderId + " is no longer available"));
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
        Assignment a = give(orderId, courierId, Actor.admin(admin.userId()), () -> {
        }, () -> notAssignable(orders.delivery(orderId).orElse(d)));
        sockets.sendEverywhere(courierId, new OrderMessage("assigned", orderId, null));
        return a;
    }

    /**
     * The order to the courier this call took in Redis, by the order's conditional update after {@code check};
     * when that fails or loses, the courier is let go again and {@code lost} thrown. The winner stops the rounds,
     * the order is no longer unassigned, and the other offers are revoked.
     */
    private Assignment give(UUID orderId, UUID courierId, Actor by, Runnable check, Supplier<ProblemException> lost) {
        boolean won = false;
        try {
            check.run();
            won = orders.assignCourier(orderId, courierId, by);
        } finally {
            if (!won) {
                couriers.free(courierId, orderId);
            }
        }
        if (!won) {
            throw lost.get();
        }
        measure(orderId, by);
        matchings.stopRounds(orderId);
        revokeOpenOffers(orderId, courierId, "taken by another courier");
        return new Assignment(orderId, courierId, "ASSIGNED");
    }

    /** Read before the rounds stop and the offers go; a failure to read costs the figures, never the assignment. */
    private void measure(UUID orderId, Actor by) {
        try {
            int round = matchings.round(orderId);
            int offersSent = matchings.offers(orderId).size();
            orders.delivery(orderId).ifPresent(d -> metrics.assigned(d, by.kind() == Actor.Kind.ADMIN, round,
                    offersSent));
        } catch (RuntimeException e) {
            LOG.debugf("Dispatch figures of order %s not recorded: %s", orderId, e.getMessage());
        }
    }

    private static ProblemException notAssignable(DeliveryView d) {
        return ProblemException.conflict("not-assignable", d.courierId() != null
                ? "Order " + d.orderId() + " already has a courier"
                : "Order " + d.orderId() + " is " + d.status() + "; only an ACCEPTED or IN_PREPARATION order is "
                        + "given to a courier");
    }

    /** {@code GET /admin/deliveries/unassigned}: oldest first. */
    public List<Unassigned> unassigned() {
        return QuarkusTransaction.requiringNew().call(() -> UnassignedDelivery.<UnassignedDelivery>list(
                "order by flaggedAt, orderId").stream()
                .map(u -> new Unassigned(u.orderId, u.restaurantId, u.rounds, u.flaggedAt)).toList());
    }
}
