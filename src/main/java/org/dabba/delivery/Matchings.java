package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderCancellations;
import org.dabba.order.OrderChanges;
import org.dabba.order.OrderStatus;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderReady;
import org.dabba.platform.Geo;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * The Delivery Partner Matching Worker's life of a matching: a confirmed order starts one, the dispatch sweep
 * ({@link Dispatcher}) heals what Redis lost, the dispatch deadline cancels an order nobody took, and a cancelled or
 * delivered order drops it. The rounds themselves are {@link OfferRounds}; a courier's accept and an admin's assign
 * are {@link CourierAssignments}. Its memory is in Redis: {@code dabba:delivery:<orderId>} (the round, the
 * restaurant, the drop-off's area), {@code dabba:delivery:<orderId>:offers} (courier -> offer expiry, epoch ms; 0:
 * never again) and the sorted set {@code dabba:delivery:rounds} (order -> when its next round is due), which every
 * instance's round route reads; a start, a claim and a round are each one script run, so a failure leaves all or
 * nothing. PostgreSQL is the record. Who wins is not decided here but by one conditional update of the order
 * ({@link DeliveryProgress#assignCourier}).
 */
@ApplicationScoped
public class Matchings {

    private static final Logger LOG = Logger.getLogger(Matchings.class);

    static final String ROUNDS_KEY = "dabba:delivery:rounds";
    /** How long a delivery's matching memory outlives its last change. */
    static final Duration KEEP = Duration.ofDays(1);

    private final CourierStore.Script startScript = new CourierStore.Script("/redis/dispatch-start.lua");

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    DeliveryProgress orders;

    @Inject
    OrderCancellations cancellations;

    @Inject
    RestaurantService restaurants;

    @Inject
    DeliveryConfig config;

    @Inject
    OfferRounds rounds;

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
            sockets.send(courierId, new OrderMessage("order.ready", orderId, null));
        } else if (e instanceof OrderCancelled c) {
            cancelled(orderId, c.reason(), courierId);
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
        Response wrote = couriers.script(startScript,
                List.of(matchKey(orderId), offersKey(orderId), ROUNDS_KEY), args);
        if (wrote.toInteger() == 0) {
            return false;
        }
        rounds.runIfDue(orderId, Time.now().toEpochMilli());
        return true;
    }

    /** The centre of the ~1 km cell a coordinate is in (0.01°). */
    static double cell(double degrees) {
        return Math.round(degrees * 100) / 100.0;
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
        if (cancellations.cancelBySystem(d.orderId(), OrderChanges.DISPATCH_DEADLINE)) {
            LOG.warnf("Order %s: no courier by the dispatch deadline; cancelled and refunded", d.orderId());
            return true;
        }
        return false;
    }

    /**
     * {@code offer.revoked} to every courier whose offer of the order still stands (but {@code except}), or ran
     * out within the last window: their app may still be showing it.
     */
    void revokeOpenOffers(UUID orderId, UUID except, String reason) {
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
}
