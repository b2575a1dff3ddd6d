package org.dabba.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.cloudevents.jackson.JsonFormat;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import org.dabba.platform.Json;

/**
 * Writes and reads events in CloudEvents' structured JSON mode ({@value CloudEvent#CONTENT_TYPE}) through the
 * SDK's JSON format: what the outbox stores and relays, what a consumer route starts with
 * ({@code bean: cloudEvents}, method {@code read}), what a dead letter keeps and a POS receives.
 */
@ApplicationScoped
@Named("cloudEvents")
public class CloudEvents {

    private ObjectReader reader;
    private ObjectWriter writer;

    @PostConstruct
    void init() {
        ObjectMapper events = format();
        reader = exactDecimals(events).forType(io.cloudevents.CloudEvent.class);
        writer = events.writerFor(io.cloudevents.CloudEvent.class);
    }

    public CloudEvent read(String json) throws IOException {
        return new CloudEvent(reader.<io.cloudevents.CloudEvent>readValue(json));
    }

    public String write(CloudEvent event) {
        try {
            return writer.writeValueAsString(event.event());
        } catch (IOException e) {
            throw new IllegalStateException("Event " + event.id() + " cannot be written as JSON", e);
        }
    }

    /** The app's mapper with the SDK's serializers: a copy, so that they stay out of the one that writes bodies. */
    static ObjectMapper format() {
        return Json.mapper().copy().registerModule(JsonFormat.getCloudEventJacksonModule());
    }

    /**
     * A reader whose JSON trees keep decimals as written: money stays 760.00, neither the double 760.0 nor,
     * through a BigDecimal with its trailing zeros stripped, 7.6E+2 (Jackson's defaults for trees).
     */
    static ObjectReader exactDecimals(ObjectMapper mapper) {
        return mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }
}
