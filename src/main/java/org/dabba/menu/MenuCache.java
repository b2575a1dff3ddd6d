package org.dabba.menu;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.redis.datasource.value.ValueCommands;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.dabba.restaurant.RestaurantChanged;
import org.jboss.logging.Logger;

/**
 * Public menus in Redis, cache-aside. Each restaurant has a generation counter; entries are keyed by it, and
 * a change bumps it after commit. A reader that loaded the old menu just before the change can only write it
 * under the old generation, which nobody reads any more, so a change is visible on the very next GET.
 * Redis being down only costs speed: reads fall back to the database.
 */
@ApplicationScoped
public class MenuCache {

    private static final Logger LOG = Logger.getLogger(MenuCache.class);

    private final ValueCommands<String, String> values;
    private final MenuConfig config;

    @Inject
    MenuCache(RedisDataSource redis, MenuConfig config) {
        this.values = redis.value(String.class);
        this.config = config;
    }

    /** The cached JSON of a menu variant, loading and caching it on a miss; empty when not public. */
    public Optional<String> get(UUID restaurantId, String variant, Supplier<Optional<String>> loader) {
        if (!config.cacheEnabled()) {
            return loader.get();
        }
        String entryKey;
        try {
            String generation = values.get(generationKey(restaurantId));
            entryKey = "dabba:menu:" + restaurantId + ":" + (generation == null ? "0" : generation) + ":" + variant;
            String cached = values.get(entryKey);
            if (cached != null) {
                return Optional.of(cached);
            }
        } catch (RuntimeException e) {
            LOG.debugf(e, "Menu cache unavailable; reading %s from the database", restaurantId);
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
            // Without Redis nothing is served from it either; entries left behind expire with their TTL.
            LOG.warnf(e, "Could not invalidate the cached menu of %s", restaurantId);
        }
    }

    void onRestaurantChanged(@Observes(during = TransactionPhase.AFTER_SUCCESS) RestaurantChanged change) {
        invalidate(change.restaurantId());
    }

    private static String generationKey(UUID restaurantId) {
        return "dabba:menu:" + restaurantId + ":generation";
    }
}
