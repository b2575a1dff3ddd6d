package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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
import org.dabba.delivery.DeliveryBodies.DropoffArea;
import org.dabba.delivery.DeliveryBodies.Offer;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.delivery.DeliveryBodies.Point;
import org.dabba.delivery.DeliveryBodies.RestaurantPlace;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderStatus;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderReady;
import org.dabba.platform.Geo;
import org.dabba.platform.RedisScript;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * The Delivery Partner Matching Worker: a confirmed order is offered round after round ({@link #advance}) until a
 * courier takes it ({@link Dispatcher}). Its memory is in Redis: {@code dabba:delivery:<orderId>} (the round, the
 * restaurant, the drop-off's area), {@code dabba:delivery:<orderId>:offers} and the sorted set
 * {@code dabba:delivery:rounds} (order -> when its next round is due), which every instance's round route reads; a
 * start, a claim and a round are each one script run, so a failure leaves all or nothing. PostgreSQL is the record.
 */
@ApplicationScoped
public class Matchings {

    private static final Logger LOG = Logger.getLogger(Matchings.class);

    static final String ROUNDS_KEY = "dabba:delivery:rounds";
    /** How long a delivery's matching memory outlives its last change. */
    static final Duration KEEP = Duration.ofDays(1);
    /** How long a claimed round may take before another instance runs it again (far more than a round takes). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final RedisScript startScript = new RedisScript("/redis/dispatch-start.lua");
    private final RedisScript dueScript = new RedisScript("/redis/dispatch-due.lua");
    private final RedisScript roundScript = new RedisScript("/redis/dispatch-round.lua");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    Event<OffersMade> offersMade;

    @Inject
    DeliveryProgress orders;

    @Inject
    Dispatcher dispatcher;

    @Inject
    RestaurantService restaurants;

    @Inject
    CourierVerification verification;

    @Inject
    DeliveryConfig config;

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
            orders.delivery(orderId).filter(Matchings::dispatchable).ifPresent(d -> start(d, Start.FIRST, null));
        } else if (e instanceof OrderReady && courierId != null) {
            sockets.sendEverywhere(courierId, new OrderMessage("order.ready", orderId, null));
        } else if (e instanceof OrderCancelled c) {
            dispatcher.cancelled(orderId, c.reason(), courierId);
        } else if (e instanceof OrderDelivered) {
            forget(orderId);
        }
    }

    /** Waiting for a courier: ACCEPTED or IN_PREPARATION, nobody assigned. */
    static boolean dispatchable(DeliveryView d) {
        return d.courierId() == null && OrderStatus.AWAITING_PICKUP.contains(d.status());
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
        if (couriers.script(startScript, keys(orderId), args).toInteger() == 0) {
            return false;
        }
        runIfDue(orderId, Time.now().toEpochMilli(), d);
        return true;
    }

    private static List<String> keys(UUID orderId) {
        return List.of(matchKey(orderId), offersKey(orderId), ROUNDS_KEY);
    }

    /** The centre of the ~1 km cell a coordinate is in (0.01°). */
    static double cell(double degrees) {
        return Math.round(degrees * 100) / 100.0;
    }

    /** Who was offered the order: courier -> offer expiry (epoch ms; 0: never again). */
    Map<String, String> offers(UUID orderId) {
        return couriers.await(redis.hash(String.class).hgetall(offersKey(orderId)));
    }

    /** When the courier's offer of the order runs out (as in {@link #offers}); null when never offered. */
    String offerExpiry(UUID orderId, UUID courierId) {
        return couriers.await(redis.hash(String.class).hget(offersKey(orderId), courierId.toString()));
    }

    /** The round the order's matching has reached, 0 when none is live. */
    int round(UUID orderId) {
        String round = couriers.await(redis.hash(String.class).hget(matchKey(orderId), "round"));
        return round == null ? 0 : Integer.parseInt(round);
    }

    /** Drops the order's matching: its rounds, offers and match hash (nothing to do twice). */
    void forget(UUID orderId) {
        couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
        couriers.await(redis.key().del(matchKey(orderId), offersKey(orderId)));
    }

    /** Taken or over: no more rounds, and off the admins' list of orders nobody took. */
    void stopRounds(UUID orderId) {
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
        couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
    }

    /**
     * The round route's step: every order whose offer window (or slow-pace wait) ran out is claimed (its due time
     * becomes a lease, so one instance runs each round and a round cut short by a crash runs again) and moved on.
     */
    public void nextRounds() {
        long now = Time.now().toEpochMilli();
        List<String> due = couriers.await(redis.sortedSet(String.class).zrangebyscore(ROUNDS_KEY,
                new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now), new ZRangeArgs().limit(0, 100)));
        due.forEach(id -> runIfDue(UUID.fromString(id), now, null));
    }

    /** {@code read}: the order as just read from PostgreSQL by the caller, or null to read it here. */
    private void runIfDue(UUID orderId, long now, DeliveryView read) {
        List<String> args = List.of(orderId.toString(), String.valueOf(now), String.valueOf(now + LEASE.toMillis()));
        if (couriers.script(dueScript, List.of(ROUNDS_KEY), args).toInteger() == 0) {
            return; // not due, or another instance has it
        }
        try {
            advance(orderId, read);
        } catch (RuntimeException e) {
            LOG.warnf(e, "Next round of order %s failed; retried shortly", orderId);
            try {
                couriers.await(redis.sortedSet(String.class).zadd(ROUNDS_KEY, now + 1000, orderId.toString()));
            } catch (RuntimeException down) {
                // the lease runs out and the round is due again
            }
        }
    }

    /**
     * One step of an order's dispatch: the next fast round; after the last one, flagged for admins (the customer
     * told) and a quiet wait; then slow rounds until a courier takes it or the deadline cancels it.
     */
    private void advance(UUID orderId, DeliveryView read) {
        DeliveryView d = (read != null ? Optional.of(read) : orders.delivery(orderId))
                .filter(Matchings::dispatchable).orElse(null);
        if (d == null) {
            stopRounds(orderId); // taken or over (its event's step may have failed)
            return;
        }
        Instant now = Time.now();
        if (dispatcher.cancelAtDeadline(d, now)) {
            return;
        }
        Optional<Instant> deadline = dispatcher.deadline(d);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
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

    /** A round's pace: the configured rounds, the wait after them, the slow rounds until the deadline. */
    enum Pace { FAST, QUIET, SLOW }

    /**
     * Offers the order to the K nearest available, fresh couriers and writes the round in ONE script run (offers,
     * round number, next due), then tells the chosen on their sockets. FAST: not to anyone offered it before, at
     * the radius (widened after {@code widen-after-rounds}), the next round when the window runs out. SLOW: at the
     * widened radius, to anyone without an open offer of it (never to a courier who gave it back), the next at
     * {@code next}. QUIET: no offers, the next at {@code next}.
     */
    private void round(UUID orderId, Map<String, String> m, int round, Pace pace, Instant next) {
        double radius = pace == Pace.FAST && round <= config.widenAfterRounds() ? config.radiusKm()
                : config.widenedRadiusKm();
        double rlat = Double.parseDouble(m.get("rlat"));
        double rlong = Double.parseDouble(m.get("rlong"));
        Instant now = Time.now();
        Instant expiresAt = now.plus(config.offerWindow());
        List<UUID> chosen = pace == Pace.QUIET ? List.of() : choose(orderId, rlat, rlong, radius, pace, now);
        Instant due = pace == Pace.FAST ? expiresAt : next;
        List<String> args = new ArrayList<>(List.of(orderId.toString(), String.valueOf(round),
                String.valueOf(due.toEpochMilli()), String.valueOf(KEEP.toSeconds())));
        chosen.forEach(c -> args.addAll(List.of(c.toString(), String.valueOf(expiresAt.toEpochMilli()))));
        if (couriers.script(roundScript, keys(orderId), args).toInteger() == 0) {
            return; // taken or cancelled meanwhile: nobody is offered it
        }
        Offer offer = new Offer("offer", orderId, new RestaurantPlace(m.get("name"), new Point(rlat, rlong)),
                new DropoffArea(Double.parseDouble(m.get("alat")), Double.parseDouble(m.get("along")),
                        Double.parseDouble(m.get("km"))),
                m.get("payout") == null ? null : new BigDecimal(m.get("payout")), m.get("currency"), expiresAt);
        chosen.forEach(c -> sockets.sendEverywhere(c, offer));
        if (!chosen.isEmpty()) {
            offersMade.fire(new OffersMade(chosen, offer));
        }
        LOG.debugf("Order %s round %d (%s): offered to %d couriers within %.1f km", orderId, round, pace,
                chosen.size(), radius);
    }

    /** The round's couriers: the K nearest approved, AVAILABLE, fresh ones the pace allows to be asked. */
    private List<UUID> choose(UUID orderId, double rlat, double rlong, double radius, Pace pace, Instant now) {
        List<UUID> chosen = new ArrayList<>();
        Map<String, String> offered = offers(orderId);
        int k = config.offersPerRound();
        // Busy couriers are not in the GEO set; stale ones and those offered before are: look a little further.
        List<CourierStore.Nearby> near = couriers.near(rlat, rlong, radius, k + offered.size() + 50);
        Instant freshSince = now.minus(config.staleAfter());
        // Whatever Redis says, only couriers an admin approved are offered orders.
        Set<UUID> approved = verification.approvedAmong(near.stream().map(CourierStore.Nearby::courierId).toList());
        List<UUID> askable = new ArrayList<>();
        for (CourierStore.Nearby n : near) {
            if (!approved.contains(n.courierId())) {
                continue;
            }
            String before = offered.get(n.courierId().toString());
            if (before != null && (pace == Pace.FAST || Long.parseLong(before) == 0
                    || Long.parseLong(before) > now.toEpochMilli())) {
                continue;
            }
            askable.add(n.courierId());
        }
        Map<UUID, CourierStore.Position> positions = couriers.positions(askable);
        for (UUID courier : askable) { // nearest first
            if (chosen.size() == k) {
                break;
            }
            CourierStore.Position p = positions.get(courier);
            if (p == null || p.status() != CourierStatus.AVAILABLE || p.ts() == null || p.ts().isBefore(freshSince)) {
                continue;
            }
            chosen.add(courier);
        }
        return chosen;
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
}
