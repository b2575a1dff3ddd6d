package org.dabba.platform;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Listening on a Redis pub/sub channel for as long as the app runs: when the subscription ends (Redis restarted, the
 * connection lost) or cannot be made, it is made again a second later. What is published meanwhile is not received:
 * the channels carry what is worth having at once and harmless to miss (socket messages, sockets to close).
 */
@ApplicationScoped
public class RedisChannels {

    private static final Logger LOG = Logger.getLogger(RedisChannels.class);
    private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Vertx vertx;

    private volatile boolean stopping;

    /** Hands every message of {@code channel} to {@code deliver}, from now until the app stops. */
    public void listen(String channel, Consumer<String> deliver) {
        redis.pubsub(String.class).subscribe(channel, deliver, () -> again(channel, deliver),
                failure -> LOG.debugf("%s: %s", channel, failure))
                .subscribe().with(subscribed -> LOG.debugf("Subscribed to %s", channel), failure -> {
                    LOG.warnf("Cannot subscribe to Redis channel %s (%s); retrying", channel, failure.toString());
                    again(channel, deliver);
                });
    }

    /** Publishes {@code message} on {@code channel}, best effort. */
    public void publish(String channel, String message) {
        redis.pubsub(String.class).publish(channel, message).subscribe().with(ok -> {
        }, failure -> LOG.debugf("Not published on %s: %s", channel, failure));
    }

    private void again(String channel, Consumer<String> deliver) {
        if (!stopping) {
            vertx.setTimer(RESUBSCRIBE_AFTER.toMillis(), id -> listen(channel, deliver));
        }
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
    }
}
