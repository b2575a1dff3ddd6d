package org.dabba.delivery;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dabba.delivery.DeliveryApi.CourierLocation;
import org.dabba.delivery.DeliveryApi.CourierView;
import org.dabba.delivery.DeliveryApi.LocationUpdate;
import org.dabba.notification.OrderSockets;
import org.dabba.order.OrderService;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;

/**
 * Couriers' presence and positions: the hot path. A location is checked (coordinates on Earth, heading and speed
 * sane, ts not in the future), stored in Redis in one script run, and, for a courier on a delivery, pushed to the
 * customer's order socket at most once a second. A location touches no database and blocks nothing: the socket
 * calls it on its event loop.
 */
@ApplicationScoped
public class CourierPresence {

    /** The least time between two {@code courier.location} pushes of one delivery. */
    static final long PUSH_EVERY_MS = 1000;

    /** The oldest position worth storing: anything older is long stale, and far-off instants overflow Redis' ms. */
    static final Duration MAX_AGE = Duration.ofDays(1);

    /** Far longer than an accept takes (a few Redis calls and one transaction, each with its timeout). */
    static final Duration CLAIM_SETTLES = Duration.ofMinutes(1);

    @Inject
    CourierStore store;

    @Inject
    DeliveryConfig config;

    @Inject
    OrderSockets orderSockets;

    @Inject
    OrderService orders;

    /**
     * When each courier's position was last pushed to a customer. By courier, not by order: a courier has one
     * delivery at a time, and the map stays as small as the fleet, with nothing to clean up after a delivery.
     */
    private final Map<UUID, Long> lastPush = new ConcurrentHashMap<>();

    /**
     * {@code PUT /couriers/me/availability}: 400 for BUSY, 409 while on a delivery. A courier BUSY on an order that
     * is not theirs to deliver (an accept or a delivery that Redis failed half-way through) is let go here.
     */
    public CourierView choose(UUID courierId, CourierStatus target) {
        if (target == CourierStatus.BUSY) {
            throw ProblemException.invalid("status", "must be AVAILABLE or OFFLINE; BUSY is set by a delivery");
        }
        CourierStore.Stored now = store.choose(courierId, target);
        if (now.status() == CourierStatus.BUSY && now.orderId().isPresent()
                && leftOver(courierId, now.orderId().get())) {
            store.free(courierId, now.orderId().get());
            now = store.choose(courierId, target);
        }
        if (now.status() != target) {
            throw ProblemException.conflict("courier-busy", "You are on a delivery; finish it first (you are "
                    + "AVAILABLE again once it is delivered)");
        }
        return new CourierView(courierId, now.status());
    }

    /**
     * BUSY on an order they are not delivering (not theirs, or over), and taken long enough ago that no accept of it
     * can still be being decided: a left-over of a failure, not a delivery.
     */
    private boolean leftOver(UUID courierId, UUID orderId) {
        boolean delivering = orders.delivery(orderId)
                .map(d -> courierId.equals(d.courierId()) && !d.status().isFinal()).orElse(false);
        return !delivering && store.claimedAt(courierId).map(at -> at.isBefore(Time.now().minus(CLAIM_SETTLES)))
                .orElse(true);
    }

    /**
     * Checks and stores a position. Fails with a 400 ProblemException (bad coordinates, future ts) before storing
     * anything, with a 409 {@code courier-offline} when the courier is OFFLINE (nothing stored either).
     */
    public Uni<Void> locate(UUID courierId, LocationUpdate u) {
        Instant ts;
        try {
            ts = check(u);
        } catch (ProblemException e) {
            return Uni.createFrom().failure(e);
        }
        return store.storeLocation(courierId, u.lat(), u.lon(), ts, u.heading(), u.speed()).map(stored -> {
            if (stored.status() == CourierStatus.OFFLINE) {
                throw ProblemException.conflict("courier-offline",
                        "You are OFFLINE: set yourself AVAILABLE before sending positions (nothing was stored)");
            }
            stored.orderId().ifPresent(orderId -> pushToCustomer(courierId, orderId, u.lat(), u.lon(), ts));
            return null;
        });
    }

    /** At most one push a second per delivery; a courier's updates come from one socket, so the race is benign. */
    private void pushToCustomer(UUID courierId, UUID orderId, double lat, double lon, Instant ts) {
        long now = System.currentTimeMillis();
        Long last = lastPush.get(courierId);
        if (last != null && now - last < PUSH_EVERY_MS) {
            return;
        }
        lastPush.put(courierId, now);
        orderSockets.pushToOrderEverywhere(orderId, new CourierLocation("courier.location", orderId, lat, lon, ts));
    }

    private Instant check(LocationUpdate u) {
        if (u.lat() == null || !Double.isFinite(u.lat()) || u.lat() < -90 || u.lat() > 90) {
            throw ProblemException.invalid("lat", "must be a latitude between -90 and 90");
        }
        if (u.lon() == null || !Double.isFinite(u.lon()) || u.lon() < -180 || u.lon() > 180) {
            throw ProblemException.invalid("long", "must be a longitude between -180 and 180");
        }
        if (u.heading() != null && (!Double.isFinite(u.heading()) || u.heading() < 0 || u.heading() >= 360)) {
            throw ProblemException.invalid("heading", "must be degrees from 0 (north) up to 360");
        }
        if (u.speed() != null && (!Double.isFinite(u.speed()) || u.speed() < 0 || u.speed() > 100)) {
            throw ProblemException.invalid("speed", "must be metres per second between 0 and 100");
        }
        Instant now = Time.now();
        if (u.ts() == null) {
            return now;
        }
        Instant ts;
        try {
            ts = Instant.parse(u.ts());
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("ts", "must be an ISO-8601 UTC instant, e.g. 2026-01-01T12:00:00Z");
        }
        if (ts.isAfter(now.plus(config.maxClockSkew()))) {
            throw ProblemException.invalid("ts", "is in the future");
        }
        if (ts.isBefore(now.minus(MAX_AGE))) {
            throw ProblemException.invalid("ts", "is more than a day old");
        }
        return ts;
    }
}
