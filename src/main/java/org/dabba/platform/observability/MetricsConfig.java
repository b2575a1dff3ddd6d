package org.dabba.platform.observability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the metrics read from the database are kept fresh (docs/observability.md). */
@ConfigMapping(prefix = "dabba.metrics")
public interface MetricsConfig {

    /** How often the outbox and refund gauges are read from PostgreSQL (a scrape reads the last figures). */
    @WithDefault("PT15S")
    Duration databaseRefresh();
}
