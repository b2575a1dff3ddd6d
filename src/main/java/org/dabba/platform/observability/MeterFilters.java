package org.dabba.platform.observability;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * Keeps the HTTP metrics' series few. The REST routes are Camel's, so Quarkus sees concrete paths, not templates: every
 * restaurant, order and courier id in a path would be a series of its own. Ids are replaced by {@code {id}} in the
 * {@code uri} tag, and request durations get a handful of latency buckets (enough for a p95 on the dashboard).
 */
@Singleton
public class MeterFilters {

    /** UUIDs and plain numbers as whole path segments. */
    private static final Pattern ID = Pattern.compile(
            "(?<=/)([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\d+)(?=/|$)");

    /** Request latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    static String template(String uri) {
        return ID.matcher(uri).replaceAll("{id}");
    }

    @Produces
    @Singleton
    MeterFilter pathIdsAsTemplates() {
        return MeterFilter.replaceTagValues("uri", MeterFilters::template);
    }

    @Produces
    @Singleton
    MeterFilter requestLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                double[] nanos = new double[BUCKETS.length];
                for (int i = 0; i < BUCKETS.length; i++) {
                    nanos[i] = BUCKETS[i] * 1e9; // a timer's buckets are in nanoseconds
                }
                return DistributionStatisticConfig.builder().serviceLevelObjectives(nanos).build().merge(config);
            }
        };
    }
}
