package org.dabba.platform.observability;

import io.quarkus.redis.client.RedisOptionsCustomizer;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.runtime.client.config.RedisConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.TimeoutException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.redis.client.RedisOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dabba.platform.Time;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Whether this instance can reach Redis. Carts, couriers' positions, rate limits and the sockets' fan-out between
 * instances live there, so an instance cut off from it is taken out of the balancer.
 *
 * <p>Redis is PINGed every second in the background, over a connection of its own (the app client's settings,
 * outside its pool), and the probe reads what the last PINGs found, so it never waits on Redis. Unreachable means
 * refused or cut off (at once), or no answer for {@code dabba.health.redis-grace}: a Redis that answers slowly, as
 * under a flood of couriers' positions on a busy instance, is busy, not gone, and a busy instance must stay in the
 * balancer (its overload is answered by shedding load, not by pouring its traffic onto the others).
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    static final Duration PING_EVERY = Duration.ofSeconds(1);

    @Inject
    HealthConfig config;

    @Inject
    ClientSettings settings;

    @Inject
    Vertx vertx;

    @Inject
    ReactiveRedisDataSource redis;

    private final AtomicBoolean pinging = new AtomicBoolean();
    private volatile Redis probe;
    private volatile Long timer;
    private volatile Instant lastAnswer;
    private volatile Throwable lastFailure;

    void start(@Observes StartupEvent start) {
        redis.getRedis(); // the app's client is made (and its settings seen) on first use
        probe = Redis.createClient(vertx, settings.copy().setMaxPoolSize(1).setMaxPoolWaiting(1));
        ping();
        timer = vertx.setPeriodic(PING_EVERY.toMillis(), id -> ping());
    }

    void stop(@Observes ShutdownEvent stop) {
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        if (probe != null) {
            probe.close();
        }
    }

    /** One PING at a time: while one waits for its answer, the next tick has nothing to add. */
    private void ping() {
        if (!pinging.compareAndSet(false, true)) {
            return;
        }
        probe.send(Request.cmd(Command.PING)).ifNoItem().after(config.redisGrace()).fail().subscribe().with(pong -> {
            lastAnswer = Time.now();
            lastFailure = null;
            pinging.set(false);
        }, failure -> {
            lastFailure = failure;
            pinging.set(false);
        });
    }

    @Override
    public HealthCheckResponse call() {
        Instant answered = lastAnswer;
        Throwable failure = lastFailure;
        boolean slowOnly = failure == null || failure instanceof TimeoutException;
        boolean recent = answered != null && answered.isAfter(Time.now().minus(config.redisGrace()));
        if (recent && slowOnly) {
            return HealthCheckResponse.up("redis");
        }
        HealthCheckResponseBuilder down = HealthCheckResponse.named("redis").status(!config.redisInReadiness())
                .withData("reachable", false)
                .withData("error", failure == null ? "no answer yet" : failure.getClass().getSimpleName());
        if (answered != null) {
            down.withData("lastAnswer", answered.toString());
        }
        return down.build();
    }

    /** The settings Quarkus made for the app's Redis client (hosts, password, TLS), kept for the probe's own. */
    @Singleton
    public static class ClientSettings implements RedisOptionsCustomizer {

        private volatile RedisOptions defaultClient;

        @Override
        public void customize(String clientName, RedisOptions options) {
            if (RedisConfig.isDefaultClient(clientName)) {
                defaultClient = new RedisOptions(options);
            }
        }

        RedisOptions copy() {
            RedisOptions options = defaultClient;
            if (options == null) {
                throw new IllegalStateException("the Redis client is not made yet");
            }
            return new RedisOptions(options);
        }
    }
}
