package org.dabba.search;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.component.seda.SedaEndpoint;

/**
 * Events waiting in the search ingestion worker's seda queues, as a metric and in {@code GET /admin/search/status};
 * on Kafka the broker keeps that figure (the lag of the consumer groups {@code dabba-search-*}).
 */
@ApplicationScoped
public class SearchIngestionLag {

    private static final List<String> STREAMS = List.of("dabba.consumers.search.restaurant-events",
            "dabba.consumers.search.menu-events");

    @Inject
    CamelContext camel;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        Gauge.builder("dabba.search.ingestion.lag", this, lag -> {
            long waiting = lag.waiting();
            return waiting < 0 ? Double.NaN : waiting;
        }).description("Events waiting for the search ingestion worker (seda queues; NaN on Kafka)")
                .baseUnit("events").register(registry);
    }

    /** Events waiting, or -1 where the broker keeps the figure (Kafka consumer lag). */
    public long waiting() {
        long waiting = 0;
        for (String key : STREAMS) {
            String uri = camel.resolvePropertyPlaceholders("{{" + key + "}}");
            if (!(camel.getEndpoint(uri) instanceof SedaEndpoint seda)) {
                return -1;
            }
            waiting += seda.getCurrentQueueSize();
        }
        return waiting;
    }
}
