package org.dabba.platform.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator who sets no collector gets no tracing at all; one who names a collector gets traces sent to it. */
class TracesNeedACollectorTest {

    static String sdkDisabled(Map<String, String> operatorSettings, int ordinal) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                // Quarkus's own default, which is there whether or not a collector exists
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withDefaultValue("quarkus.otel.exporter.otlp.traces.endpoint", "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(operatorSettings, "operator", ordinal))
                .withSources(new TracesNeedACollector())
                .build();
        return config.getRawValue("quarkus.otel.sdk.disabled");
    }

    static String endpoint(Map<String, String> operatorSettings) {
        return new SmallRyeConfigBuilder()
                .withDefaultValue("quarkus.otel.exporter.otlp.endpoint", "http://localhost:4317/")
                .withSources(new PropertiesConfigSource(operatorSettings, "operator", 300))
                .withSources(new TracesNeedACollector())
                .build().getRawValue("quarkus.otel.exporter.otlp.endpoint");
    }

    @Test
    void noCollectorSetMeansNoTracing() {
        assertEquals("true", sdkDisabled(Map.of(), 300));
    }

    @Test
    void aCollectorInTheEnvironmentTurnsTracingOn() {
        assertEquals("false", sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317"), 300));
        assertEquals("false", sdkDisabled(Map.of("otel.exporter.otlp.traces.endpoint", "http://tempo:4318"), 300));
    }

    @Test
    void theStandardVariableIsWhereTracesGo() {
        assertEquals("http://tempo:4317", endpoint(Map.of("otel.exporter.otlp.endpoint", "http://tempo:4317")));
        assertEquals("http://collector:4317", endpoint(Map.of("otel.exporter.otlp.endpoint", "http://tempo:4317",
                "quarkus.otel.exporter.otlp.endpoint", "http://collector:4317")));
    }

    @Test
    void anOperatorsExplicitChoiceWins() {
        assertEquals("true", sdkDisabled(Map.of("quarkus.otel.exporter.otlp.endpoint", "http://collector:4317",
                "quarkus.otel.sdk.disabled", "true"), 300));
    }
}
