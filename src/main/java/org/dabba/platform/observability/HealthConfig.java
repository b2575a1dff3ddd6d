package org.dabba.platform.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** What readiness waits for (docs/observability.md, "Health"). */
@ConfigMapping(prefix = "dabba.health")
public interface HealthConfig {

    /**
     * Whether an instance without Redis is unready. Off: the redis check still pings and reports what it found, but
     * stays UP, so the app keeps serving what works without Redis when the shared Redis is away.
     */
    @WithDefault("true")
    boolean redisInReadiness();

    /**
     * How long Redis may leave PINGs unanswered before the instance counts as cut off from it. A refused or dropped
     * connection counts at once; a slow answer (a busy instance, a busy Redis) within this time does not.
     */
    @WithDefault("PT10S")
    Duration redisGrace();
}
