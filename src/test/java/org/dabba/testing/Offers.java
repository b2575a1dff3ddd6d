package org.dabba.testing;

import static org.awaitility.Awaitility.await;

import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.redis.datasource.sortedset.ZAddArgs;
import java.time.Duration;
import java.util.Map;

/** Dispatch's offers as a test sees them in Redis. */
public final class Offers {

    private Offers() {
    }

    /** The open offers of an order: courier id → when the offer expires (epoch ms). */
    public static String key(String orderId) {
        return "dabba:delivery:" + orderId + ":offers";
    }

    /**
     * Waits for the offer of {@code orderId} to {@code courierId} and keeps it open ten minutes, as a longer offer
     * window would: the test profile's window (2 s) is shorter than a person, or a busy CI machine, takes to tap
     * Accept. Written within the window, so the round that would have ended it never sees it expired.
     */
    public static void hold(RedisDataSource redis, String orderId, String courierId) {
        String offers = key(orderId);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(10))
                .until(() -> redis.hash(String.class).hget(offers, courierId) != null);
        long later = System.currentTimeMillis() + Duration.ofMinutes(10).toMillis();
        redis.sortedSet(String.class).zadd("dabba:delivery:rounds", new ZAddArgs().xx(), later, orderId);
        redis.hash(String.class).hset(offers, Map.of(courierId, String.valueOf(later)));
    }
}
