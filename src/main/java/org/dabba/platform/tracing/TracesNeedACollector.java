package org.dabba.platform.tracing;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Traces are made and exported only where there is a collector to take them: with no OTLP endpoint configured
 * ({@code quarkus.otel.exporter.otlp[.traces].endpoint}, or {@code OTEL_EXPORTER_OTLP[_TRACES]_ENDPOINT}) the
 * OpenTelemetry SDK is off, so a laptop or a cluster without a collector sees no connection attempts and no export
 * errors. A lowest-priority default: {@code quarkus.otel.sdk.disabled} set anywhere (the tests' in-memory exporter)
 * wins.
 */
public class TracesNeedACollector implements ConfigSourceFactory {

    static final List<String> ENDPOINTS = List.of("quarkus.otel.exporter.otlp.traces.endpoint",
            "quarkus.otel.exporter.otlp.endpoint", "otel.exporter.otlp.traces.endpoint", "otel.exporter.otlp.endpoint");

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean collector = ENDPOINTS.stream().map(context::getValue)
                .map(ConfigValue::getValue)
                .anyMatch(value -> value != null && !value.isBlank());
        return List.of(new PropertiesConfigSource(
                Map.of("quarkus.otel.sdk.disabled", Boolean.toString(!collector)), "dabba-traces-need-a-collector", 1));
    }
}
