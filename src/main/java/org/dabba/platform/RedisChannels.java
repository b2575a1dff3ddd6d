package org.dabba.platform;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.RedisConnection;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Listening on a Redis pub/sub channel for as long as the app runs: when the subscription ends (Redis restarted, the
 * connection lost) or cannot be made, it is made again a second later. What is published meanwhile is not received:
 * the channels carry what is worth having at once and harmless to miss (socket messages, sockets to close).
 *
 * <p>Each listener holds one connection of the client's pool while subscribed. An attempt that fails (no connection,
 * no acknowledgement within {@link #ANSWER_WITHIN}, the connection dropped) closes its connection and is tried again
 * exactly once: a Redis slow to answer, as under load, must neither leave a channel unheard nor drain the pool that
 * carts and couriers need.
 */
@ApplicationScoped
public class RedisChannels {

    private static final Logger LOG = Logger.getLogger(RedisChannels.class);
    static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Vertx vertx;

    private volatile boolean stopping;

    /** Hands every message of {@code channel} to {@code deliver}, from now until the app stops. */
    public void listen(String channel, Consumer<String> deliver) {
        if (stopping) {
            return;
        }
        AtomicBoolean over = new AtomicBoolean();
        redis.getRedis().connect().ifNoItem().after(ANSWER_WITHIN).fail().subscribe().with(
                connection -> subscribe(connection, channel, deliver, over),
                failure -> retry(channel, deliver, over, null, failure));
    }

    private void subscribe(RedisConnection connection, String channel, Consumer<String> deliver, AtomicBoolean over) {
        AtomicBoolean acknowledged = new AtomicBoolean();
        connection.handler(push -> {
            String kind = kind(push);
            if ("message".equalsIgnoreCase(kind) && push.size() > 2) {
                deliver.accept(push.get(2).toString());
            } else if ("subscribe".equalsIgnoreCase(kind) && acknowledged.compareAndSet(false, true)) {
                LOG.debugf("Subscribed to %s", channel);
            }
        });
        connection.endHandler(() -> retry(channel, deliver, over, connection, null));
        connection.exceptionHandler(failure -> retry(channel, deliver, over, connection, failure));
        connection.send(Request.cmd(Command.SUBSCRIBE).arg(channel)).subscribe().with(ok -> {
        }, failure -> retry(channel, deliver, over, connection, failure));
        vertx.setTimer(ANSWER_WITHIN.toMillis(), id -> {
            if (!acknowledged.get()) {
                retry(channel, deliver, over, connection, new IllegalStateException("no acknowledgement within "
                        + ANSWER_WITHIN));
            }
        });
    }

    private static String kind(Response push) {
        boolean list = push.type() == ResponseType.MULTI || push.type() == ResponseType.PUSH;
        return list && push.size() > 0 && push.get(0) != null ? push.get(0).toString() : "";
    }

    /** Ends this attempt (its connection closed) and makes the next one a second later: once per attempt. */
    private void retry(String channel, Consumer<String> deliver, AtomicBoolean over, RedisConnection connection,
            Throwable failure) {
        if (!over.compareAndSet(false, true)) {
            return;
        }
        if (connection != null) {
            connection.close().subscribe().with(closed -> {
            }, ignored -> {
            });
        }
        if (stopping) {
            return;
        }
        if (failure != null) {
            LOG.warnf("Redis channel %s not heard (%s); subscribing again in %s", channel, failure.toString(),
                    RESUBSCRIBE_AFTER);
        } else {
            LOG.infof("Redis channel %s: the connection ended; subscribing again in %s", channel, RESUBSCRIBE_AFTER);
        }
        vertx.setTimer(RESUBSCRIBE_AFTER.toMillis(), id -> listen(channel, deliver));
    }

    /** Publishes {@code message} on {@code channel}, best effort. */
    public void publish(String channel, String message) {
        redis.pubsub(String.class).publish(channel, message).subscribe().with(ok -> {
        }, failure -> LOG.debugf("Not published on %s: %s", channel, failure));
    }

    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
    }
}
