package org.dabba.menu;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dabba.restaurant.RestaurantChanged;
import org.jboss.logging.Logger;

/**
 * Public menus in Redis, cache-aside. Each restaurant has a generation counter; entries are keyed by it, and
 * a change bumps it after commit. A reader that loaded the old menu just before the change can only write it
 * under the old generation, which nobody reads any more, so a change is visible on the very next GET.
 * Redis being down only costs speed: reads fall back to the database, and after a failure the cache is
 * skipped for a few seconds so that no request waits for Redis's timeout in the meantime.
 * <p>
 * Entries read through {@link #current} are also remembered in this instance's memory with their generation, for
 * callers that confirm the generation in Redis in the same step as their own write (the cart's add, in its script):
 * a change made on any instance bumps the generation in Redis, so the remembered entry is refused there at once. A
 * remembered entry is dropped by this instance's own invalidation and, at the latest, after the cache TTL.
 */
@ApplicationScoped
public class MenuCache {

    private static final Logger LOG = Logger.getLogger(MenuCache.class);
    private static final long SKIP_AFTER_FAILURE_NANOS = 5_000_000_000L;

    private final ValueCommands<String, String> values;
    private final MenuConfig config;
    private volatile long skipUntil = System.nanoTime();
    /** Invalidations that failed while Redis was away; applied before the cache is read again. */
    private final Set<UUID> pendingInvalidations = ConcurrentHashMap.newKeySet();
    /** Remembered entries by restaurant, all of one generation; bounded so that memory stays small. */
    private final ConcurrentHashMap<UUID, Remembered> remembered = new ConcurrentHashMap<>();
    static final int REMEMBERED_RESTAURANTS = 1_000;
    static final int REMEMBERED_PER_RESTAURANT = 2_000;

    /**
     * An entry and what keeps it current: it is the restaurant's live data as long as the Redis string
     * {@code generationKey} holds {@code generation} (a missing key counts as "0"). No key: the cache is off or
     * Redis is away, and the value was read from the database just now. {@code remembered}: it came from this
     * instance's memory, so it may be older than the last change (a caller must confirm the generation before
     * trusting it, and must read again before refusing anything on its account).
     */
    public record Current<T>(T value, String generationKey, String generation, boolean remembered) {
    }

    private record Remembered(String generation, long expiresAt, ConcurrentHashMap<String, Object> entries) {
    }

    @Inject
    MenuCache(RedisDataSource redis, MenuConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    /** The cached JSON of a menu variant, loading and caching it on a miss; empty when not public. */
    public Optional<String> get(UUID restaurantId, String variant, Supplier<Optional<String>> loader) {
        if (!config.cacheEnabled() || System.nanoTime() - skipUntil < 0) {
            return loader.get();
        }
        String generation = generation(restaurantId);
        return generation == null ? loader.get() : get(restaurantId, variant, loader, generation);
    }

    /** The restaurant's generation ("0" before its first change), null when Redis failed (then skipped a while). */
    private String generation(UUID restaurantId) {
        try {
            retryPendingInvalidations();
            String generation = values.get(generationKey(restaurantId));
            return generation == null ? "0" : generation;
        } catch (RuntimeException e) {
            skip(e);
            return null;
        }
    }

    private Optional<String> get(UUID restaurantId, String variant, Supplier<Optional<String>> loader,
            String generation) {
        String entryKey = "dabba:menu:" + restaurantId + ":" + generation + ":" + variant;
        try {
            String cached = values.get(entryKey);
            if (cached != null) {
                return Optional.of(cached);
            }
        } catch (RuntimeException e) {
            skip(e);
            return loader.get();
        }
        Optional<String> loaded = loader.get();
        loaded.ifPresent(json -> {
            try {
                values.set(entryKey, json, new SetArgs().px(config.cacheTtl()));
            } catch (RuntimeException e) {
                LOG.debugf(e, "Could not cache the menu of %s", restaurantId);
            }
        });
        return loaded;
    }

    private void skip(RuntimeException e) {
        LOG.warnf("Menu cache unavailable (%s); reading from the database for a few seconds", e.getMessage());
        skipUntil = System.nanoTime() + SKIP_AFTER_FAILURE_NANOS;
    }

    /**
     * As {@link #get}, with the generation it was read under; {@code fromMemory}: this instance's remembered entry
     * will do (see {@link Current}), else Redis (or the database) is read and the answer remembered.
     */
    public <T> Optional<Current<T>> current(UUID restaurantId, String variant, Supplier<Optional<String>> loader,
            Function<String, T> parse, boolean fromMemory) {
        if (!config.cacheEnabled() || System.nanoTime() - skipUntil < 0) {
            return loader.get().map(json -> new Current<>(parse.apply(json), null, null, false));
        }
        if (fromMemory && pendingInvalidations.isEmpty()) {
            Remembered r = remembered.get(restaurantId);
            if (r != null && System.nanoTime() - r.expiresAt() < 0) {
                @SuppressWarnings("unchecked")
                T value = (T) r.entries().get(variant);
                if (value != null) {
                    return Optional.of(new Current<>(value, generationKey(restaurantId), r.generation(), true));
                }
            }
        }
        String generation = generation(restaurantId);
        if (generation == null) {
            return loader.get().map(json -> new Current<>(parse.apply(json), null, null, false));
        }
        // Read under the generation just read: should a change bump it meanwhile, the value carries the old one
        // and is refused by whoever confirms it, so it never passes for newer than it is.
        Optional<String> json = get(restaurantId, variant, loader, generation);
        if (json.isEmpty()) {
            return Optional.empty();
        }
        T value = parse.apply(json.get());
        remember(restaurantId, generation, variant, value);
        return Optional.of(new Current<>(value, generationKey(restaurantId), generation, false));
    }

    private void remember(UUID restaurantId, String generation, String variant, Object value) {
        if (remembered.size() >= REMEMBERED_RESTAURANTS && !remembered.containsKey(restaurantId)) {
            remembered.clear();
        }
        Remembered r = remembered.compute(restaurantId, (id, old) -> old != null && old.generation().equals(generation)
                ? old
                : new Remembered(generation, System.nanoTime() + config.cacheTtl().toNanos(),
                        new ConcurrentHashMap<>()));
        if (r.entries().size() < REMEMBERED_PER_RESTAURANT) {
            r.entries().put(variant, value);
        }
    }

    /** Makes every cached variant of this restaurant's menu unreachable. */
    public void invalidate(UUID restaurantId) {
        remembered.remove(restaurantId);
        try {
            values.incr(generationKey(restaurantId));
        } catch (RuntimeException e) {
            // Redis is away, so nothing is served from it now; this is applied before it is read again.
            pendingInvalidations.add(restaurantId);
            LOG.warnf("Could not invalidate the cached menu of %s yet (%s)", restaurantId, e.getMessage());
        }
    }

    private void retryPendingInvalidations() {
        for (UUID restaurantId : pendingInvalidations) {
            values.incr(generationKey(restaurantId));
            pendingInvalidations.remove(restaurantId);
        }
    }

    void onRestaurantChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RestaurantChanged change) {
        invalidate(change.restaurantId());
    }

    static String generationKey(UUID restaurantId) {
        return "dabba:menu:" + restaurantId + ":generation";
    }
}
