package org.dabba.platform.observability;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Redis answers a PING within a second. Carts, couriers' positions, rate limits and the sockets' fan-out between
 * instances live there, so an instance that cannot reach it is taken out of the balancer. Quarkus's own Redis check
 * stays off: it waits for the client's whole timeout, longer than a probe should.
 */
@Readiness
@ApplicationScoped
public class RedisReadiness implements HealthCheck {

    static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    HealthConfig config;

    @Override
    public HealthCheckResponse call() {
        try {
            redis.execute("PING").await().atMost(TIMEOUT);
            return HealthCheckResponse.up("redis");
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("redis").status(!config.redisInReadiness())
                    .withData("reachable", false)
                    .withData("error", String.valueOf(e.getClass().getSimpleName())).build();
        }
    }
}
