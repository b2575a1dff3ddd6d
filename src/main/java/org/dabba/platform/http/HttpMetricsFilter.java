package org.dabba.platform.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.regex.Pattern;

/**
 * HTTP metrics by route shape, not by resource: Camel's routes are measured by their real path, so each order,
 * restaurant or courier id would make series of its own (unbounded). Ids in the {@code uri} tag become {@code {id}}.
 */
public class HttpMetricsFilter {

    private static final Pattern IDS = Pattern.compile(
            "/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|\\d+)(?=/|$)");

    @Produces
    @Singleton
    MeterFilter idsOutOfUris() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String uri = id.getTag("uri");
                if (!id.getName().startsWith("http.") || uri == null) {
                    return id;
                }
                String shape = IDS.matcher(uri).replaceAll("/{id}");
                return shape.equals(uri) ? id : id.replaceTags(id.getTags().stream()
                        .map(t -> t.getKey().equals("uri") ? Tag.of("uri", shape) : t).toList());
            }
        };
    }

    /** The shape of a path as the filter tags it (tests). */
    static String shape(String uri) {
        return IDS.matcher(uri).replaceAll("/{id}");
    }
}
