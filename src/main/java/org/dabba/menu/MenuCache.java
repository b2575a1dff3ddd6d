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
import java.util.function.Supplier;
import org.dabba.restaurant.RestaurantChanged;
import org.jboss.logging.Logger;

/**
 * Public menus in Redis, cache-aside. Each restaurant has a generation counter; entries are keyed by it, and
 * a change bumps it after commit. A reader that loaded the old menu just before the change can only write it
 * under the old generation, which nobody reads any more, so a change is visible on the very next GET.
 * Redis being down only costs speed: reads fall back to the database, and after a failure the cache is
 * skipped for a few seconds so that no request waits for Redis's timeout in the meantime.
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
        String entryKey;
        try {
            retryPendingInvalidations();
            String generation = values.get(generationKey(restaurantId));
            entryKey = "dabba:menu:" + restaurantId + ":" + (generation == null ? "0" : generation) + ":" + variant;
            String cached = values.get(entryKey);
            if (cached != null) {
                return Optional.of(cached);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Menu cache unavailable (%s); reading from the database for a few seconds", e.getMessage());
            skipUntil = System.nanoTime() + SKIP_AFTER_FAILURE_NANOS;
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

    /** Makes every cached variant of this restaurant's menu unreachable. */
    public void invalidate(UUID restaurantId) {
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

    private static String generationKey(UUID restaurantId) {
        return "dabba:menu:" + restaurantId + ":generation";
    }
}
