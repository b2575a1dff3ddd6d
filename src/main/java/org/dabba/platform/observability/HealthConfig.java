package org.dabba.platform.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What readiness waits for (docs/observability.md, "Health"). */
@ConfigMapping(prefix = "dabba.health")
public interface HealthConfig {

    /**
     * Whether an instance without Redis is unready. Off: the redis check still pings and reports what it found, but
     * stays UP, so the app keeps serving what works without Redis when the shared Redis is away.
     */
    @WithDefault("true")
    boolean redisInReadiness();
}
