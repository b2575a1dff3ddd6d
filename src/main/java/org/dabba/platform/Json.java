package org.dabba.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;

/**
 * JSON the app writes for itself (stored carts, order lines, hours, cached dishes, event data) through the app's one
 * ObjectMapper, the one Quarkus configures with {@link org.dabba.platform.http.JsonLimits}. What we stored is ours,
 * so a document that no longer reads is a bug, not a caller's error: it fails unchecked.
 */
public final class Json {

    /** Outside a running app (plain unit tests) the defaults Quarkus would apply. */
    private static final ObjectMapper OUTSIDE_APP = new ObjectMapper().findAndRegisterModules()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private Json() {
    }

    public static ObjectMapper mapper() {
        ArcContainer container = Arc.container();
        return container == null || !container.isRunning() ? OUTSIDE_APP
                : container.instance(ObjectMapper.class).get();
    }

    public static String write(Object value) {
        try {
            return mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not a " + type.getSimpleName(), e);
        }
    }

    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is not a " + type.getType().getTypeName(), e);
        }
    }
}
