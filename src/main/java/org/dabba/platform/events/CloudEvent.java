package org.dabba.platform.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * A CloudEvents 1.0 event in structured JSON mode: what the outbox relays and what consumers read.
 * {@code id} is unique per event, so a consumer that sees it twice can tell.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data) {

    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private static final com.fasterxml.jackson.databind.ObjectMapper READER =
            new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules()
                    .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The data read as the record its type names (unknown fields ignored: newer producers may add some). */
    public <T extends DomainEvent> T data(Class<T> record) {
        try {
            return READER.treeToValue(data, record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + id + " of type " + type + " is not a "
                    + record.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }
}
