package org.dabba.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.sortedset.ScoreRange;
import io.quarkus.redis.datasource.sortedset.ZRangeArgs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.delivery.DeliveryApi.Assignment;
import org.dabba.delivery.DeliveryApi.Offer;
import org.dabba.delivery.DeliveryApi.OrderMessage;
import org.dabba.delivery.DeliveryApi.Point;
import org.dabba.delivery.DeliveryApi.RestaurantPlace;
import org.dabba.delivery.DeliveryApi.Unassigned;
import org.dabba.order.OrderApi.DeliveryView;
import org.dabba.order.OrderService;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.RestaurantApi.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * The Delivery Partner Matching Worker: offers a confirmed order to the nearest available couriers, K at a time,
 * round after round (widening the radius), until one accepts or the rounds run out (flagged for admins, the
 * customer told of the delay). Its memory is in Redis: {@code dabba:delivery:<orderId>} (the round, the restaurant,
 * the dropoff), {@code dabba:delivery:<orderId>:offers} (courier -> offer expiry, epoch ms) and the sorted set
 * {@code dabba:delivery:rounds} (order -> end of its current offer window), which every instance's round route
 * reads; removing an entry (ZREM) claims it, so one instance runs each next round. Who wins is not decided here
 * but by one conditional update of the order ({@link OrderService#assignCourier}).
 */
@ApplicationScoped
public class Offers {

    private static final Logger LOG = Logger.getLogger(Offers.class);

    static final String ROUNDS_KEY = "dabba:delivery:rounds";
    /** How long a delivery's matching memory outlives its last change. */
    static final Duration KEEP = Duration.ofDays(1);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSessions sessions;

    @Inject
    CourierPresence presence;

    @Inject
    OrderService orders;

    @Inject
    RestaurantService restaurants;

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
        JsonNode data = event.data();
        if (data == null || !data.hasNonNull("orderId")) {
            return;
        }
        UUID orderId = UUID.fromString(data.get("orderId").asText());
        switch (event.type()) {
            case OrderService.CONFIRMED -> start(orderId, data);
            case OrderService.READY_FOR_PICKUP -> {
                if (data.hasNonNull("courierId")) {
                    sessions.send(UUID.fromString(data.get("courierId").asText()),
                            new OrderMessage("order.ready", orderId, null));
                }
            }
            default -> {
            }
        }
    }

    private void start(UUID orderId, JsonNode data) {
        UUID restaurantId = UUID.fromString(data.get("restaurantId").asText());
        RestaurantView r = restaurants.find(restaurantId).orElse(null);
        JsonNode address = data.path("deliveryAddress");
        if (r == null || !address.hasNonNull("latitude")) {
            LOG.warnf("Order %s confirmed without a restaurant or dropoff position; not matched", orderId);
            return;
        }
        Map<String, String> match = new HashMap<>();
        match.put("restaurantId", restaurantId.toString());
        match.put("name", r.name());
        match.put("rlat", r.address().latitude().toPlainString());
        match.put("rlong", r.address().longitude().toPlainString());
        match.put("dlat", address.get("latitude").asText());
        match.put("dlong", address.get("longitude").asText());
        if (data.hasNonNull("deliveryFee") && data.hasNonNull("currency")) {
            match.put("payout", data.get("deliveryFee").decimalValue().toPlainString());
            match.put("currency", data.get("currency").asText());
        }
        // The event may come twice (at-least-once): only the first starts the rounds.
        if (!couriers.await(redis.hash(String.class).hsetnx(matchKey(orderId), "round", "0"))) {
            return;
        }
        couriers.await(redis.hash(String.class).hset(matchKey(orderId), match));
        couriers.await(redis.key().expire(matchKey(orderId), KEEP));
        round(orderId, 1);
    }

    /** Offers the order to the K nearest available, fresh couriers not offered it yet, and starts the window. */
    void round(UUID orderId, int round) {
        Map<String, String> m = couriers.await(redis.hash(String.class).hgetall(matchKey(orderId)));
        double radius = round <= config.widenAfterRounds() ? config.radiusKm() : config.widenedRadiusKm();
        double rlat = Double.parseDouble(m.get("rlat"));
        double rlong = Double.parseDouble(m.get("rlong"));
        List<String> offered = couriers.await(redis.hash(String.class).hkeys(offersKey(orderId)));
        int k = config.offersPerRound();
        // Busy couriers are not in the GEO set; stale ones and those offered before are: look a little further.
        List<CourierStore.Nearby> near = couriers.near(rlat, rlong, radius, k + offered.size() + 50);
        Instant now = Time.now();
        Instant freshSince = now.minus(config.staleAfter());
        Instant expiresAt = now.plus(config.offerWindow());
        List<UUID> chosen = new ArrayList<>();
        for (CourierStore.Nearby n : near) {
            if (chosen.size() == k) {
                break;
            }
            if (offered.contains(n.courierId().toString())) {
                continue;
            }
            Optional<CourierStore.Position> p = couriers.position(n.courierId());
            if (p.isEmpty() || p.get().status() != CourierStatus.AVAILABLE || p.get().ts() == null
                    || p.get().ts().isBefore(freshSince)) {
                continue;
            }
            chosen.add(n.courierId());
        }
        Map<String, String> offers = new HashMap<>();
        chosen.forEach(c -> offers.put(c.toString(), String.valueOf(expiresAt.toEpochMilli())));
        if (!offers.isEmpty()) {
            couriers.await(redis.hash(String.class).hset(offersKey(orderId), offers));
            couriers.await(redis.key().expire(offersKey(orderId), KEEP));
        }
        couriers.await(redis.hash(String.class).hset(matchKey(orderId), "round", String.valueOf(round)));
        couriers.await(redis.sortedSet(String.class).zadd(ROUNDS_KEY, expiresAt.toEpochMilli(), orderId.toString()));
        Offer offer = new Offer("offer", orderId, new RestaurantPlace(m.get("name"), new Point(rlat, rlong)),
                new Point(Double.parseDouble(m.get("dlat")), Double.parseDouble(m.get("dlong"))),
                m.get("payout") == null ? null : new BigDecimal(m.get("payout")), m.get("currency"), expiresAt);
        chosen.forEach(c -> sessions.send(c, offer));
        LOG.debugf("Order %s round %d: offered to %d couriers within %.1f km", orderId, round, chosen.size(), radius);
    }

    /**
     * The round route's step: every order whose offer window ran out, claimed by removing it from the sorted set
     * (one instance wins each), goes to its next round, or is flagged after the last.
     */
    public int nextRounds() {
        long now = Time.now().toEpochMilli();
        List<String> due = couriers.await(redis.sortedSet(String.class).zrangebyscore(ROUNDS_KEY,
                new ScoreRange<>(Double.NEGATIVE_INFINITY, (double) now), new ZRangeArgs().limit(0, 100)));
        int moved = 0;
        for (String id : due) {
            if (couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, id)) == 0) {
                continue; // another instance has it
            }
            UUID orderId = UUID.fromString(id);
            try {
                Optional<DeliveryView> d = orders.delivery(orderId);
                if (d.isEmpty() || d.get().courierId() != null || d.get().status().isFinal()
                        || d.get().status() == org.dabba.order.OrderStatus.OUT_FOR_DELIVERY) {
                    continue;
                }
                String r = couriers.await(redis.hash(String.class).hget(matchKey(orderId), "round"));
                int round = r == null ? 0 : Integer.parseInt(r);
                if (round >= config.rounds()) {
                    flag(d.get(), round);
                } else {
                    round(orderId, round + 1);
                }
                moved++;
            } catch (RuntimeException e) {
                LOG.warnf(e, "Next round of order %s failed; retried shortly", orderId);
                couriers.await(redis.sortedSet(String.class).zadd(ROUNDS_KEY, now + 1000, id));
            }
        }
        return moved;
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
        couriers.await(redis.sortedSet(String.class).zrem(ROUNDS_KEY, orderId.toString()));
        QuarkusTransaction.requiringNew().run(() -> UnassignedDelivery.deleteById(orderId));
        List<String> offered = couriers.await(redis.hash(String.class).hkeys(offersKey(orderId)));
        OrderMessage revoked = new OrderMessage("offer.revoked", orderId, "taken by another courier");
        offered.stream().filter(c -> !c.equals(courierId.toString()))
                .forEach(c -> sessions.send(UUID.fromString(c), revoked));
        return new Assignment(orderId, courierId, "ASSIGNED");
    }

    /** {@code GET /admin/deliveries/unassigned}: oldest first. */
    public List<Unassigned> unassigned() {
        return QuarkusTransaction.requiringNew().call(() -> UnassignedDelivery.<UnassignedDelivery>list(
                "order by flaggedAt, orderId").stream()
                .map(u -> new Unassigned(u.orderId, u.restaurantId, u.rounds, u.flaggedAt)).toList());
    }
}
