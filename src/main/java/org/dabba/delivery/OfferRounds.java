package org.dabba.delivery;

import static org.dabba.delivery.Matchings.KEEP;
import static org.dabba.delivery.Matchings.ROUNDS_KEY;
import static org.dabba.delivery.Matchings.matchKey;
import static org.dabba.delivery.Matchings.offersKey;

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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.DropoffArea;
import org.dabba.delivery.DeliveryBodies.Offer;
import org.dabba.delivery.DeliveryBodies.Point;
import org.dabba.delivery.DeliveryBodies.RestaurantPlace;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.platform.Time;
import org.jboss.logging.Logger;

/**
 * A matching's rounds: the order is offered to the K nearest available couriers, round after round (widening the
 * radius); when the rounds run out it is flagged for admins (the customer told of the delay) and offered at a slower
 * pace until a courier takes it or the dispatch deadline ({@link Matchings#cancelAtDeadline}) cancels it.
 */
@ApplicationScoped
public class OfferRounds {

    private static final Logger LOG = Logger.getLogger(OfferRounds.class);

    /** How long a claimed round may take before another instance runs it again (far more than a round takes). */
    static final Duration LEASE = Duration.ofSeconds(30);

    private final CourierStore.Script dueScript = new CourierStore.Script("/redis/dispatch-due.lua");
    private final CourierStore.Script roundScript = new CourierStore.Script("/redis/dispatch-round.lua");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    DeliveryProgress orders;

    @Inject
    DeliveryConfig config;

    @Inject
    CourierVerification verification;

    @Inject
    Matchings matchings;

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

    boolean runIfDue(UUID orderId, long now) {
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
        if (found.isEmpty() || !Matchings.dispatchable(found.get())) {
            // Taken or over (its event's step may have failed): no more rounds, not unassigned.
            QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
            couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
            return;
        }
        DeliveryView d = found.get();
        Instant now = Time.now();
        Optional<Instant> deadline = matchings.deadline(d);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            if (matchings.cancelAtDeadline(d)) {
                return;
            }
            LOG.warnf("Order %s is past its dispatch deadline but %s cannot be cancelled; still offered",
                    orderId, d.status());
        }
        Map<String, String> m = couriers.await(redis.hash(String.class).hgetall(matchKey(orderId)));
        if (m == null || m.isEmpty()) {
            matchings.start(d, Matchings.Start.RESTART, null); // the hash is gone (expired): start over
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
    void round(UUID orderId, Map<String, String> m, int round, Pace pace, Instant next) {
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

    /** The round's couriers: the K nearest approved, AVAILABLE, fresh ones the pace allows to be asked. */
    private List<UUID> choose(UUID orderId, double rlat, double rlong, double radius, Pace pace, Instant now) {
        List<UUID> chosen = new ArrayList<>();
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
