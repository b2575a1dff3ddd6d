package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.Assignment;
import org.dabba.delivery.DeliveryBodies.DropoffArea;
import org.dabba.delivery.DeliveryBodies.Offer;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.delivery.DeliveryBodies.Point;
import org.dabba.delivery.DeliveryBodies.RestaurantPlace;
import org.dabba.delivery.DeliveryBodies.Unassigned;
import org.dabba.order.Actor;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderCancellations;
import org.dabba.order.OrderStatus;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderReady;
import org.dabba.platform.Geo;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * The Delivery Partner Matching Worker: offers a confirmed order to the nearest available couriers, K at a time,
 * round after round (widening the radius); when the rounds run out the order is flagged for admins (the customer
 * told of the delay) and offered at a slower pace until a courier takes it or the dispatch deadline cancels it.
 * Its memory is in Redis: {@code dabba:delivery:<orderId>} (the round, the restaurant, the drop-off's area),
 * {@code dabba:delivery:<orderId>:offers} (courier -> offer expiry, epoch ms; 0: never again) and the sorted set
 * {@code dabba:delivery:rounds} (order -> when its next round is due), which every instance's round route reads;
 * a start, a claim and a round are each one script run, so a failure leaves all or nothing. PostgreSQL is the
 * record: the dispatch sweep ({@link Dispatcher}) restarts what Redis lost. Who wins is not decided here but by one
 * conditional update of the order ({@link DeliveryProgress#assignCourier}).
 */
@ApplicationScoped
public class Offers {

    private static final Logger LOG = Logger.getLogger(Offers.class);

    static final String ROUNDS_KEY = "dabba:delivery:rounds";
    /** How long a delivery's matching memory outlives its last change. */
    static final Duration KEEP = Duration.ofDays(1);
    /** How long a claimed round may take before another instance runs it again (far more than a round takes). */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** The reason of an order cancelled because no courier took it in time. */
    public static final String DISPATCH_DEADLINE = "dispatch-deadline";
    private static final Set<OrderStatus> ASSIGNABLE = Set.of(OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION);

    private final CourierStore.Script startScript = new CourierStore.Script("/redis/dispatch-start.lua");
    private final CourierStore.Script dueScript = new CourierStore.Script("/redis/dispatch-due.lua");
    private final CourierStore.Script roundScript = new CourierStore.Script("/redis/dispatch-round.lua");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    CourierPresence presence;

    @Inject
    DeliveryProgress orders;

    @Inject
    OrderCancellations cancellations;

    @Inject
    RestaurantService restaurants;

    @Inject
    DeliveryConfig config;

    @Inject
    CourierVerification verification;

    static String matchKey(UUID orderId) {
        return "dabba:delivery:" + orderId;
    }

    static String offersKey(UUID orderId) {
        return "dabba:delivery:" + orderId + ":offers";
    }

    /** The matching route's step for every order event: a confirmed order starts matching; ready is told. */
    public void onOrderEvent(CloudEvent event) {
        OrderEvent e = OrderEventTypes.read(event).orElse(null);
        if (e == null || e.order().orderId() == null) {
            return;
        }
        UUID orderId = e.order().orderId();
        UUID courierId = e.order().courierId();
        if (e instanceof OrderConfirmed) {
            orders.delivery(orderId).filter(Offers::dispatchable).ifPresent(d -> start(d, Start.FIRST, null));
        } else if (e instanceof OrderReady && courierId != null) {
            sockets.send(courierId, new OrderMessage("order.ready", orderId, null));
        } else if (e instanceof OrderCancelled c) {
            cancelled(orderId, c.reason(), courierId);
        } else if (e instanceof OrderDelivered) {
            forget(orderId);
        }
    }

    /** Waiting for a courier: ACCEPTED or IN_PREPARATION, nobody assigned. */
    static boolean dispatchable(DeliveryView d) {
        return d.courierId() == null && ASSIGNABLE.contains(d.status());
    }

    /** How a matching is started: see {@code redis/dispatch-start.lua}. */
    enum Start {
        /** order.restaurant.confirmed: only when the order has no matching yet. */
        FIRST,
        /** The sweep: only when the order has no live round in Redis. */
        HEAL,
        /** Back to round 1 now (released, re-dispatched). */
        RESTART
    }

    /**
     * Starts (or restarts) matching in ONE script run (match hash, offers, due entry: all or nothing), then runs
     * round 1 at once. A failure before the script leaves nothing and a redelivery or the sweep starts again; one
     * after it leaves the round due, and the round check runs it. True when the script wrote.
     */
    boolean start(DeliveryView d, Start mode, UUID neverAgain) {
        UUID orderId = d.orderId();
        if (mode == Start.HEAL
                && couriers.await(redis.sortedSet(String.class).zscore(ROUNDS_KEY, orderId.toString())) != null) {
            return false; // live: the usual case, decided without reading the restaurant (the script checks again)
        }
        RestaurantView r = restaurants.find(d.restaurantId()).orElse(null);
        if (r == null || d.dropoffLat() == null || d.dropoffLong() == null) {
            LOG.warnf("Order %s has no restaurant or dropoff position; not matched", orderId);
            return false;
        }
        double rlat = r.address().latitude().doubleValue();
        double rlong = r.address().longitude().doubleValue();
        double dlat = d.dropoffLat().doubleValue();
        double dlong = d.dropoffLong().doubleValue();
        List<String> args = new ArrayList<>(List.of(orderId.toString(), mode.name().toLowerCase(Locale.ROOT),
                String.valueOf(Time.now().toEpochMilli()), String.valueOf(KEEP.toSeconds()),
                neverAgain == null ? "" : neverAgain.toString(),
                "restaurantId", d.restaurantId().toString(), "name", r.name(),
                "rlat", String.valueOf(rlat), "rlong", String.valueOf(rlong),
                // The offer's area, never the exact point: the address is the assigned courier's only.
                "alat", String.valueOf(cell(dlat)), "along", String.valueOf(cell(dlong)),
                "km", String.valueOf(Math.round(Geo.distanceKm(rlat, rlong, dlat, dlong) * 10) / 10.0)));
        if (d.deliveryFee() != null && d.currency() != null) {
            args.addAll(List.of("payout", d.deliveryFee().toPlainString(), "currency", d.currency()));
        }
        Response wrote = couriers.script(startScript,
                List.of(matchKey(orderId), offersKey(orderId), ROUNDS_KEY), args);
        if (wrote.toInteger() == 0) {
            return false;
        }
        runIfDue(orderId, Time.now().toEpochMilli());
        return true;
    }

    /** The centre of the ~1 km cell a coordinate is in (0.01°). */
    static double cell(double degrees) {
        return Math.round(degrees * 100) / 100.0;
    }

    /**
     * The round route's step: every order whose offer window (or slow-pace wait) ran out is claimed (its due time
     * becomes a lease, so one instance runs each round and a round cut short by a crash runs again) and moved on.
     */
    public int nextRounds() {
        long now = Time.now().toEpochMilli();
        List<String> due = couriers.await(redis.sortedSet(String.class).zrangebyscore(ROUNDS_KEY,
                new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now), new ZRangeArgs().limit(0, 100)));
        int moved = 0;
        for (String id : due) {
            if (runIfDue(UUID.fromString(id), now)) {
                moved++;
            }
        }
        return moved;
    }

    private boolean runIfDue(UUID orderId, long now) {
        List<String> args = List.of(orderId.toString(), String.valueOf(now), String.valueOf(now + LEASE.toMillis()));
        if (couriers.script(dueScript, List.of(ROUNDS_KEY), args).toInteger() == 0) {
            return false; // not due, or another instance has it
        }
        try {
            advance(orderId);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Next round of order %s failed; retried shortly", orderId);
            try {
                couriers.await(redis.sortedSet(String.class).zadd(ROUNDS_KEY, now + 1000, orderId.toString()));
            } catch (RuntimeException down) {
                // the lease runs out and the round is due again
            }
        }
        return true;
    }

    /**
     * One step of an order's dispatch: the next fast round; after the last one, flagged for admins (the customer
     * told) and a quiet wait; then slow rounds until a courier takes it or the deadline cancels it.
     */
    private void advance(UUID orderId) {
        Optional<DeliveryView> found = orders.delivery(orderId);
        if (found.isEmpty() || !dispatchable(found.get())) {
            // Taken or over (its event's step may have failed): no more rounds, not unassigned.
            QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
            couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
            return;
        }
        DeliveryView d = found.get();
        Instant now = Time.now();
        Optional<Instant> deadline = deadline(d);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            if (cancelAtDeadline(d)) {
                return;
            }
            LOG.warnf("Order %s is past its dispatch deadline but %s cannot be cancelled; still offered",
                    orderId, d.status());
        }
        Map<String, String> m = couriers.await(redis.hash(String.class).hgetall(matchKey(orderId)));
        if (m == null || m.isEmpty()) {
            start(d, Start.RESTART, null); // the hash is gone (expired): start over
            return;
        }
        int round = m.get("round") == null ? 0 : Integer.parseInt(m.get("round"));
        if (round < config.rounds()) {
            round(orderId, m, round + 1, Pace.FAST, null);
            return;
        }
        Instant next = now.plus(config.slowRoundInterval());
        if (deadline.isPresent() && deadline.get().isAfter(now) && deadline.get().isBefore(next)) {
            next = deadline.get(); // the deadline is kept on time
        }
        if (round == config.rounds()) {
            flag(d, round);
            round(orderId, m, round + 1, Pace.QUIET, next); // the last round's couriers are not asked again at once
            return;
        }
        round(orderId, m, round + 1, Pace.SLOW, next);
    }

    /** When the order is cancelled if still nobody has it (empty for an order accepted before this was kept). */
    Optional<Instant> deadline(DeliveryView d) {
        return Optional.ofNullable(d.acceptedAt()).map(at -> at.plus(config.dispatchDeadline()));
    }

    /**
     * The dispatch deadline passed: the order is cancelled with a full refund ({@link OrderCancelled}, reason
     * {@code dispatch-deadline}, reaches the customer, the restaurant and this feature, which drops the rest).
     * False when the order cannot be cancelled (order decides; e.g. already in preparation): then offering goes on
     * at the slow pace and it stays on the admins' list.
     */
    boolean cancelAtDeadline(DeliveryView d) {
        if (cancellations.cancelBySystem(d.orderId(), DISPATCH_DEADLINE)) {
            LOG.warnf("Order %s: no courier by the dispatch deadline; cancelled and refunded", d.orderId());
            return true;
        }
        return false;
    }

    /** A round's pace: the configured rounds, the wait after them, the slow rounds until the deadline. */
    enum Pace { FAST, QUIET, SLOW }

    /**
     * Offers the order to the K nearest available, fresh couriers and writes the round in ONE script run (offers,
     * round number, next due), then tells the chosen on their sockets. FAST: not to anyone offered it before, at
     * the radius (widened after {@code widen-after-rounds}), the next round when the window runs out. SLOW: at the
     * widened radius, to anyone without an open offer of it (never to a courier who gave it back), the next at
     * {@code next}. QUIET: no offers, the next at {@code next}.
     */
    void round(UUID orderId, Map<String, String> m, int round, Pace pace, Instant next) {
        double radius = pace == Pace.FAST && round <= config.widenAfterRounds() ? config.radiusKm()
                : config.widenedRadiusKm();
        double rlat = Double.parseDouble(m.get("rlat"));
        double rlong = Double.parseDouble(m.get("rlong"));
        Instant now = Time.now();
        Instant expiresAt = now.plus(config.offerWindow());
        List<UUID> chosen = new ArrayList<>();
        if (pace != Pace.QUIET) {
            Map<String, String> offered = couriers.await(redis.hash(String.class).hgetall(offersKey(orderId)));
            int k = config.offersPerRound();
            // Busy couriers are not in the GEO set; stale ones and those offered before are: look a little further.
            List<CourierStore.Nearby> near = couriers.near(rlat, rlong, radius, k + offered.size() + 50);
            Instant freshSince = now.minus(config.staleAfter());
            // Whatever Redis says, only couriers an admin approved are offered orders.
            Set<UUID> approved = verification.approvedAmong(near.stream().map(CourierStore.Nearby::courierId).toList());
            for (CourierStore.Nearby n : near) {
                if (chosen.size() == k) {
                    break;
                }
                if (!approved.contains(n.courierId())) {
                    continue;
                }
                String before = offered.get(n.courierId().toString());
                if (before != null && (pace == Pace.FAST || Long.parseLong(before) == 0
                        || Long.parseLong(before) > now.toEpochMilli())) {
                    continue;
                }
                Optional<CourierStore.Position> p = couriers.position(n.courierId());
                if (p.isEmpty() || p.get().status() != CourierStatus.AVAILABLE || p.get().ts() == null
                        || p.get().ts().isBefore(freshSince)) {
                    continue;
                }
                chosen.add(n.courierId());
            }
        }
        Instant due = pace == Pace.FAST ? expiresAt : next;
        List<String> args = new ArrayList<>(List.of(orderId.toString(), String.valueOf(round),
                String.valueOf(due.toEpochMilli()), String.valueOf(KEEP.toSeconds())));
        chosen.forEach(c -> args.addAll(List.of(c.toString(), String.valueOf(expiresAt.toEpochMilli()))));
        Response wrote = couriers.script(roundScript, List.of(matchKey(orderId), offersKey(orderId), ROUNDS_KEY),
                args);
        if (wrote.toInteger() == 0) {
            return; // taken or cancelled meanwhile: nobody is offered it
        }
        Offer offer = new Offer("offer", orderId, new RestaurantPlace(m.get("name"), new Point(rlat, rlong)),
                new DropoffArea(Double.parseDouble(m.get("alat")), Double.parseDouble(m.get("along")),
                        Double.parseDouble(m.get("km"))),
                m.get("payout") == null ? null : new BigDecimal(m.get("payout")), m.get("currency"), expiresAt);
        chosen.forEach(c -> sockets.send(c, offer));
        LOG.debugf("Order %s round %d (%s): offered to %d couriers within %.1f km", orderId, round, pace,
                chosen.size(), radius);
    }

    private void flag(DeliveryView d, int rounds) {
        QuarkusTransaction.requiringNew().run(() -> {
            if (UnassignedDelivery.findById(d.orderId()) == null) {
                UnassignedDelivery u = new UnassignedDelivery();
                u.orderId = d.orderId();
                u.restaurantId = d.restaurantId();
                u.rounds = rounds;
                u.flaggedAt = Time.now();
                u.persist();
            }
        });
        orders.deliveryDelayed(d.orderId(), rounds);
        LOG.warnf("Order %s: no courier took it after %d rounds; flagged for admins", d.orderId(), rounds);
    }


    /**
     * A courier accepts an offer: 403 when it was never offered to them, 409 {@code offer-expired} after its window,
     * 409 {@code courier-busy} when on another delivery ({@code courier-offline} when OFFLINE), 409
     * {@code no-longer-available} when someone else won. Two steps, each atomic: the courier is taken in Redis (so
     * they cannot win two orders at once), then the order in PostgreSQL (so it has one courier); a courier who
     * loses the order is let go again. The others' offers are revoked on their sockets. Accepting again what one
     * already has answers the same assignment.
     */
    public Assignment accept(UUID courierId, UUID orderId) {
        String expiry = couriers.await(redis.hash(String.class).hget(offersKey(orderId), courierId.toString()));
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
            won = orders.assignCourier(orderId, courierId);
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
        if (!dispatchable(d)) {
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
        couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
        revokeOpenOffers(orderId, courierId, "taken by another courier");
    }

    /**
     * {@code offer.revoked} to every courier whose offer of the order still stands (but {@code except}), or ran
     * out within the last window: their app may still be showing it.
     */
    private void revokeOpenOffers(UUID orderId, UUID except, String reason) {
        Map<String, String> offered = couriers.await(redis.hash(String.class).hgetall(offersKey(orderId)));
        long now = Time.now().minus(config.offerWindow()).toEpochMilli();
        OrderMessage revoked = new OrderMessage("offer.revoked", orderId, reason);
        offered.forEach((c, expiry) -> {
            if (!c.equals(String.valueOf(except)) && Long.parseLong(expiry) >= now) {
                sockets.send(UUID.fromString(c), revoked);
            }
        });
    }

    /**
     * {@link OrderCancelled}, whatever the cause: its courier (if any) is let go, AVAILABLE again, and told
     * ({@code order.cancelled} on their socket); open offers are revoked; its matching and unassigned row go.
     */
    private void cancelled(UUID orderId, String reason, UUID courierId) {
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId)); // needs no Redis
        if (courierId != null) {
            couriers.free(courierId, orderId);
            sockets.send(courierId, new OrderMessage("order.cancelled", orderId, reason));
        }
        revokeOpenOffers(orderId, courierId, "order cancelled");
        forget(orderId);
    }

    /** Drops the order's matching: its rounds, offers and match hash (nothing to do twice). */
    void forget(UUID orderId) {
        couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
        couriers.await(redis.key().del(matchKey(orderId), offersKey(orderId)));
    }

    /** {@code GET /admin/deliveries/unassigned}: oldest first. */
    public List<Unassigned> unassigned() {
        return QuarkusTransaction.requiringNew().call(() -> UnassignedDelivery.<UnassignedDelivery>list(
                "order by flaggedAt, orderId").stream()
                .map(u -> new Unassigned(u.orderId, u.restaurantId, u.rounds, u.flaggedAt)).toList());
    }
}
