package org.dabba.delivery;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.geo.GeoSearchArgs;
import io.quarkus.redis.datasource.geo.GeoUnit;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.RedisScript;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.jboss.logging.Logger;

/**
 * Couriers in Redis: a hash per courier ({@code dabba:courier:<id>}: status, lat, long, ts (epoch ms), heading,
 * speed, order) and one GEO set of the AVAILABLE ones ({@code dabba:couriers:available}). A location update and a
 * status change are each one Lua script run (atomic, one round trip); nothing here touches the database. The
 * reactive methods are for the socket (event loop); the blocking ones wait at most {@code redis-timeout} (503).
 */
@ApplicationScoped
class CourierStore {

    private static final Logger LOG = Logger.getLogger(CourierStore.class);

    static final String AVAILABLE_KEY = "dabba:couriers:available";
    static final String COURIER_PREFIX = "dabba:courier:";

    /** A courier's position as stored. */
    record Position(UUID courierId, CourierStatus status, double lat, double lon, Instant ts, UUID orderId) {
    }

    /** What a location update or a status change found: the courier's status and the delivery it is on (if BUSY). */
    record Stored(CourierStatus status, Optional<UUID> orderId) {
    }

    /** A courier near a point, nearest first. */
    record Nearby(UUID courierId, double distanceKm) {
    }

    private final ReactiveRedisDataSource redis;
    private final DeliveryConfig config;
    private final RedisScript location = new RedisScript("/redis/courier-location.lua");
    private final RedisScript status = new RedisScript("/redis/courier-status.lua");

    @Inject
    CourierStore(ReactiveRedisDataSource redis, DeliveryConfig config) {
        this.redis = redis;
        this.config = config;
    }

    static String key(UUID courierId) {
        return COURIER_PREFIX + courierId;
    }

    /** A position to store, as a courier sent it (checked). */
    record Fix(UUID courierId, double lat, double lon, Instant ts, Double heading, Double speed) {
    }

    private List<String> locationArgs(Fix f) {
        return List.of(location.sha, "2", key(f.courierId()), AVAILABLE_KEY, String.valueOf(f.lat()),
                String.valueOf(f.lon()), String.valueOf(f.ts().toEpochMilli()),
                f.heading() == null ? "" : String.valueOf(f.heading()),
                f.speed() == null ? "" : String.valueOf(f.speed()), f.courierId().toString());
    }

    /**
     * Stores positions (GEOADD too while AVAILABLE; nothing for an OFFLINE courier) as one pipeline, one round trip;
     * answers in the order of {@code fixes}. Fails after {@code redis-timeout}: a hung Redis holds no caller for ever.
     */
    Uni<List<Stored>> storeBatch(List<Fix> fixes) {
        List<List<String>> evalshas = fixes.stream().map(this::locationArgs).toList();
        return Uni.createFrom().<List<Response>>emitter(emitter -> sendBatch(evalshas, emitter, true))
                .ifNoItem().after(config.redisTimeout()).fail()
                .map(responses -> responses.stream().map(CourierStore::stored).toList());
    }

    private void sendBatch(List<List<String>> evalshas, UniEmitter<? super List<Response>> emitter,
            boolean retryUnknownScript) {
        List<Request> requests = new ArrayList<>(evalshas.size());
        for (List<String> evalsha : evalshas) {
            Request r = Request.cmd(io.vertx.mutiny.redis.client.Command.EVALSHA);
            evalsha.forEach(r::arg);
            requests.add(r);
        }
        redis.getRedis().batch(requests).subscribe().with(emitter::complete, failure -> {
            if (retryUnknownScript && String.valueOf(failure.getMessage()).contains("NOSCRIPT")) {
                // A restarted or flushed Redis has forgotten the script: load it once, then send again.
                redis.execute(Command.SCRIPT, "LOAD", location.text).subscribe().with(
                        loaded -> sendBatch(evalshas, emitter, false), emitter::fail);
                return;
            }
            emitter.fail(failure);
        });
    }

    /** The courier's choice (AVAILABLE, OFFLINE): answers the courier now (BUSY, and on which order, when refused). */
    Stored choose(UUID courierId, CourierStatus target) {
        return changeStatus(target.name(), courierId, null);
    }

    /** What a claim did: {@code taken} when this call made the courier BUSY; the courier as it is now. */
    record Claim(boolean taken, Stored now) {
    }

    /**
     * Takes an AVAILABLE courier for a delivery: BUSY on {@code orderId} and out of the GEO set, in one step, so two
     * orders can never both take them. Not taken when already BUSY (on this order or another) or OFFLINE.
     */
    Claim claim(UUID courierId, UUID orderId) {
        Response r = await(status.run(redis, List.of(key(courierId), AVAILABLE_KEY),
                List.of("CLAIM", courierId.toString(), orderId.toString(), String.valueOf(Time.now().toEpochMilli()))));
        return new Claim("1".equals(r.get(2).toString()), stored(r));
    }

    /** When the courier was last taken for a delivery (empty when not BUSY, or BUSY from before claims were timed). */
    Optional<Instant> claimedAt(UUID courierId) {
        String at = await(redis.hash(String.class).hget(key(courierId), "claimedAt"));
        return at == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(Long.parseLong(at)));
    }

    /** BUSY on {@code orderId} no more (delivered, or the claim lost the order): AVAILABLE again. */
    void free(UUID courierId, UUID orderId) {
        changeStatus("FREE", courierId, orderId);
    }

    private Stored changeStatus(String target, UUID courierId, UUID orderId) {
        return stored(await(status.run(redis, List.of(key(courierId), AVAILABLE_KEY),
                List.of(target, courierId.toString(), orderId == null ? "" : orderId.toString()))));
    }

    /** A script's answer {status, order id or ''}. */
    private static Stored stored(Response r) {
        String order = r.get(1).toString();
        return new Stored(CourierStatus.valueOf(r.get(0).toString()),
                order.isEmpty() ? Optional.empty() : Optional.of(UUID.fromString(order)));
    }

    Optional<Position> position(UUID courierId) {
        return position(courierId, await(redis.hash(String.class).hgetall(key(courierId))));
    }

    /** The positions of these couriers (those with none left out), asked all at once: one wait, not one each. */
    Map<UUID, Position> positions(List<UUID> courierIds) {
        if (courierIds.isEmpty()) {
            return Map.of();
        }
        List<Uni<Map<String, String>>> calls = courierIds.stream()
                .map(id -> redis.hash(String.class).hgetall(key(id))).toList();
        List<Map<String, String>> hashes = await(Uni.join().all(calls).andFailFast());
        Map<UUID, Position> positions = new HashMap<>();
        for (int i = 0; i < courierIds.size(); i++) {
            UUID id = courierIds.get(i);
            position(id, hashes.get(i)).ifPresent(p -> positions.put(id, p));
        }
        return positions;
    }

    private static Optional<Position> position(UUID courierId, Map<String, String> h) {
        if (h == null || h.isEmpty() || h.get("status") == null) {
            return Optional.empty();
        }
        CourierStatus s = CourierStatus.valueOf(h.get("status"));
        if (h.get("lat") == null || h.get("long") == null || h.get("ts") == null) {
            return Optional.of(new Position(courierId, s, Double.NaN, Double.NaN, null, order(h)));
        }
        return Optional.of(new Position(courierId, s, Double.parseDouble(h.get("lat")),
                Double.parseDouble(h.get("long")), Instant.ofEpochMilli(Long.parseLong(h.get("ts"))), order(h)));
    }

    private static UUID order(Map<String, String> h) {
        String o = h.get("order");
        return o == null || o.isEmpty() ? null : UUID.fromString(o);
    }

    /** GEOSEARCH of the available set: within {@code radiusKm} of the point, nearest first, at most {@code count}. */
    List<Nearby> near(double lat, double lon, double radiusKm, int count) {
        GeoSearchArgs<String> args = new GeoSearchArgs<String>().fromCoordinate(lon, lat)
                .byRadius(radiusKm, GeoUnit.KM).ascending().withDistance().count(count);
        return await(redis.geo(String.class).geosearch(AVAILABLE_KEY, args)).stream()
                .map(v -> new Nearby(UUID.fromString(v.member()), v.distance().orElse(0))).toList();
    }

    <T> T await(Uni<T> call) {
        try {
            return call.await().atMost(config.redisTimeout());
        } catch (ProblemException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.warnf("Couriers unavailable: Redis did not answer (%s)", e.toString());
            throw ProblemException.of(503, "couriers-unavailable", "Couriers unavailable",
                    "Courier positions cannot be reached right now; try again in a moment")
                    .withHeader("Retry-After", "1");
        }
    }

    /** Runs one of the delivery's scripts, waiting at most {@code redis-timeout} (503). */
    Response script(RedisScript script, List<String> keys, List<String> args) {
        return await(script.run(redis, keys, args));
    }
}
