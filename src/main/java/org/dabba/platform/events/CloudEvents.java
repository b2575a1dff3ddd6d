package org.dabba.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;

/** Reads a relayed event back; a step every consumer route starts with ({@code bean: cloudEvents}). */
@ApplicationScoped
@Named("cloudEvents")
public class CloudEvents {

    @Inject
    ObjectMapper mapper;

    private ObjectReader reader;

    @PostConstruct
    void init() {
        reader = exactDecimals(mapper).forType(CloudEvent.class);
    }

    public CloudEvent read(String json) throws IOException {
        return reader.readValue(json);
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
