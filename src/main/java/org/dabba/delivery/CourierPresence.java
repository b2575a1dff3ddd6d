package org.dabba.delivery;

import io.micrometer.core.instrument.Counter;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dabba.delivery.CourierStore.Fix;
import org.dabba.delivery.DeliveryBodies.CourierLocation;
import org.dabba.delivery.DeliveryBodies.CourierView;
import org.dabba.delivery.DeliveryBodies.LocationUpdate;
import org.dabba.notification.CustomerOrderSockets;
import org.dabba.order.DeliveryProgress;
import org.dabba.platform.Geo;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.sockets.SocketWrites;

/**
 * Couriers' presence and positions: the hot path. A location is checked, stored in Redis and, for a courier on a
 * delivery, pushed to the customer's order socket; it touches no database and blocks nothing (the socket's event loop).
 */
@ApplicationScoped
public class CourierPresence {

    /** The least time between two {@code courier.location} pushes of one delivery. */
    static final long PUSH_EVERY_MS = 1000;

    /** The oldest position worth storing: anything older is long stale, and far-off instants overflow Redis' ms. */
    static final Duration MAX_AGE = Duration.ofDays(1);

    /** Far longer than an accept takes (a few Redis calls and one transaction, each with its timeout). */
    static final Duration CLAIM_SETTLES = Duration.ofMinutes(1);

    /** How far two fixes of a phone standing still can be apart. */
    static final double GPS_JITTER_KM = 0.1;

    @Inject
    CourierStore store;

    @Inject
    LatestPositions positions;

    @Inject
    CourierSockets sockets;

    @Inject
    SocketWrites writes;

    @Inject
    DeliveryConfig config;

    @Inject
    CustomerOrderSockets orderSockets;

    @Inject
    DeliveryProgress orders;

    /**
     * When each courier's position was last pushed to a customer. By courier, not by order: a courier has one
     * delivery at a time, and the map stays as small as the fleet, with nothing to clean up after a delivery.
     */
    private final Map<UUID, Long> lastPush = new ConcurrentHashMap<>();

    /** Each courier's last accepted position on this instance, for the plausibility of the next. */
    private final Map<UUID, Fix> lastAccepted = new ConcurrentHashMap<>();

    private Counter implausible;

    /**
     * {@code PUT /couriers/me/availability}: 400 for BUSY, 409 while on a delivery. A courier BUSY on an order that
     * is not theirs to deliver (an accept or a delivery that Redis failed half-way through) is let go here.
     */
    public CourierView choose(UUID courierId, CourierStatus target) {
        if (target == CourierStatus.BUSY) {
            throw ProblemException.invalid("status", "must be AVAILABLE or OFFLINE; BUSY is set by a delivery");
        }
        if (target == CourierStatus.OFFLINE) {
            lastAccepted.remove(courierId); // off shift: the next position starts afresh
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

    /** AVAILABLE, OFFLINE or BUSY as Redis has it (OFFLINE for a courier never seen); null when Redis is away. */
    public CourierStatus availability(UUID courierId) {
        try {
            return store.position(courierId).map(CourierStore.Position::status).orElse(CourierStatus.OFFLINE);
        } catch (ProblemException e) {
            return null; // the profile is still worth answering; the app then shows the shift as unknown
        }
    }

    /**
     * The REST fallback, answered when stored. Fails with a 400 (bad coordinates, future ts) or a 422
     * {@code implausible-position} before storing anything, with a 409 {@code courier-offline} when OFFLINE.
     */
    public Uni<Void> locate(UUID courierId, LocationUpdate u) {
        return Uni.createFrom().item(() -> accepted(courierId, u)).chain(fix -> store.storeBatch(List.of(fix))
                .map(stored -> {
                    if (!afterStored(fix, stored.get(0))) {
                        throw offline();
                    }
                    return null;
                }));
    }

    /**
     * The socket's way: checks the position (a refusal thrown as with {@link #locate}) and hands it to
     * {@link LatestPositions}, which stores the courier's newest in a later pipeline; returns at once. When the
     * courier turns out to be OFFLINE, {@code from} is told {@code courier-offline} then.
     */
    public void offer(UUID courierId, LocationUpdate u, WebSocketConnection from) {
        positions.offer(accepted(courierId, u), from);
    }

    @PostConstruct
    void meters() {
        implausible = positions.counter("implausible");
    }

    /** A socket's position, stored by {@link LatestPositions}: a courier found OFFLINE is told on that socket. */
    void stored(LatestPositions.Waiting waiting, CourierStore.Stored stored) {
        if (!afterStored(waiting.fix(), stored) && waiting.from() != null) {
            writes.send(waiting.from(), sockets.json(
                    new DeliveryBodies.Error("error", "courier-offline", null, offline().problem().getDetail())));
        }
    }

    /** A stored position is pushed to the customer of the courier's delivery; false when the courier is OFFLINE. */
    private boolean afterStored(Fix fix, CourierStore.Stored stored) {
        if (stored.status() == CourierStatus.OFFLINE) {
            return false;
        }
        stored.orderId().ifPresent(orderId -> pushToCustomer(orderId, fix));
        return true;
    }

    private static ProblemException offline() {
        return ProblemException.conflict("courier-offline",
                "You are OFFLINE: set yourself AVAILABLE before sending positions (nothing was stored)");
    }

    /** A checked position, or the reason it is refused; remembered as the courier's last accepted one. */
    private Fix accepted(UUID courierId, LocationUpdate u) {
        Instant ts = check(u);
        Fix fix = new Fix(courierId, u.lat(), u.lon(), ts, u.heading(), u.speed());
        Fix last = lastAccepted.get(courierId);
        if (last != null && implausible(last, fix)) {
            implausible.increment();
            throw ProblemException.of(422, "implausible-position", "Implausible position", String.format(
                    "%.1f km from your last position in %.1f s is faster than %.0f km/h: ignored (not stored)",
                    Geo.distanceKm(last.lat(), last.lon(), fix.lat(), fix.lon()),
                    Math.abs(Duration.between(last.ts(), fix.ts()).toMillis()) / 1000.0,
                    config.maxPlausibleSpeedKmh()));
        }
        if (last == null || !fix.ts().isBefore(last.ts())) {
            lastAccepted.put(courierId, fix);
        }
        return fix;
    }

    /**
     * Further from {@code last} than a vehicle at {@code max-plausible-speed-kmh} gets in the time between them
     * (by their ts: the courier's own when sane, else when the server received it), with {@link #GPS_JITTER_KM}
     * of slack. After {@code stale-after} without a position, anywhere is plausible (a new shift, a phone back on).
     */
    boolean implausible(Fix last, Fix next) {
        Duration gap = Duration.between(last.ts(), next.ts()).abs();
        if (gap.compareTo(config.staleAfter()) >= 0) {
            return false;
        }
        double km = Geo.distanceKm(last.lat(), last.lon(), next.lat(), next.lon());
        return km > GPS_JITTER_KM + config.maxPlausibleSpeedKmh() * gap.toMillis() / 3_600_000.0;
    }

    /** At most one push a second per delivery; a courier's updates come from one socket, so the race is benign. */
    private void pushToCustomer(UUID orderId, Fix fix) {
        UUID courierId = fix.courierId();
        long now = System.currentTimeMillis();
        Long last = lastPush.get(courierId);
        if (last != null && now - last < PUSH_EVERY_MS) {
            return;
        }
        lastPush.put(courierId, now);
        orderSockets.sendEverywhere(orderId, new CourierLocation("courier.location", orderId,
                fix.lat(), fix.lon(), fix.ts()));
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
