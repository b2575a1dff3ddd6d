package org.dabba.platform.tracing;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Traces are made and exported only where there is a collector to take them: with no OTLP endpoint configured
 * ({@code quarkus.otel.exporter.otlp[.traces].endpoint}, or the OpenTelemetry standard
 * {@code OTEL_EXPORTER_OTLP[_TRACES]_ENDPOINT}) the OpenTelemetry SDK is off, so a laptop or a cluster without a
 * collector sees no connection attempts and no export errors. These are lowest-priority defaults:
 * {@code quarkus.otel.sdk.disabled} or a {@code quarkus.otel.*} endpoint set anywhere wins.
 */
public class TracesNeedACollector implements ConfigSourceFactory {

    static final String QUARKUS = "quarkus.otel.exporter.otlp.endpoint";
    static final String QUARKUS_TRACES = "quarkus.otel.exporter.otlp.traces.endpoint";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Optional<String> quarkus = set(context, QUARKUS);
        Optional<String> quarkusTraces = set(context, QUARKUS_TRACES);
        Optional<String> standard = set(context, "otel.exporter.otlp.endpoint");
        Optional<String> standardTraces = set(context, "otel.exporter.otlp.traces.endpoint");
        Map<String, String> defaults = new HashMap<>();
        // Quarkus reads only its own names: the standard variables a platform injects are taken as its defaults.
        if (quarkus.isEmpty() && quarkusTraces.isEmpty()) {
            standard.ifPresent(endpoint -> defaults.put(QUARKUS, endpoint));
            standardTraces.ifPresent(endpoint -> defaults.put(QUARKUS_TRACES, endpoint));
        }
        boolean collector = quarkus.isPresent() || quarkusTraces.isPresent() || standard.isPresent()
                || standardTraces.isPresent();
        defaults.put("quarkus.otel.sdk.disabled", Boolean.toString(!collector));
        return List.of(new PropertiesConfigSource(defaults, "dabba-traces-need-a-collector", 1));
    }

    /**
     * A value someone set (application.properties, the environment, a system property). Quarkus's own default
     * endpoint (localhost:4317, from its lowest-ordinal defaults) is not a collector anyone set up.
     */
    private static Optional<String> set(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value.getConfigSourceOrdinal() > 0 && value.getValue() != null && !value.getValue().isBlank()
                ? Optional.of(value.getValue())
                : Optional.empty();
    }
}
