package org.dabba.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEventData;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import org.dabba.platform.Json;
import org.dabba.platform.tracing.TraceContext;

/**
 * A CloudEvents 1.0 event as consumers read it: a view over the SDK's event, with the data as a JSON tree or as the
 * record its type names. Dabba carries events in structured mode only ({@value #CONTENT_TYPE}: attributes and data
 * in one JSON document) on every transport, so a stored or relayed event is complete by itself.
 */
public final class CloudEvent {

    /** The media type of an event in structured mode, on Kafka's {@code content-type} header and over HTTP. */
    public static final String CONTENT_TYPE = "application/cloudevents+json";

    private final io.cloudevents.CloudEvent event;
    private final JsonNode data;

    /** An event built in memory (data as a JSON tree), e.g. to derive what a consumer does from it. */
    public CloudEvent(String specversion, String id, String source, String type, String subject, Instant time,
            String datacontenttype, JsonNode data) {
        this(CloudEventBuilder.fromSpecVersion(SpecVersion.parse(specversion))
                .withId(id)
                .withSource(URI.create(source))
                .withType(type)
                .withSubject(subject)
                .withTime(time == null ? null : time.atOffset(ZoneOffset.UTC))
                .withDataContentType(datacontenttype)
                .withData(data == null ? null : JsonCloudEventData.wrap(data))
                .build());
    }

    CloudEvent(io.cloudevents.CloudEvent event) {
        this.event = Objects.requireNonNull(event, "event");
        this.data = tree(event.getData());
    }

    public io.cloudevents.CloudEvent event() {
        return event;
    }

    public String specversion() {
        return event.getSpecVersion().toString();
    }

    public String id() {
        return event.getId();
    }

    public String source() {
        return event.getSource().toString();
    }

    /** e.g. {@code org.dabba.restaurant.verified} */
    public String type() {
        return event.getType();
    }

    public String subject() {
        return event.getSubject();
    }

    public Instant time() {
        OffsetDateTime time = event.getTime();
        return time == null ? null : time.toInstant();
    }

    public String datacontenttype() {
        return event.getDataContentType();
    }

    /** The schema the data follows, its version included (see {@link DomainEvent#schemaOf}); null if none given. */
    public URI dataschema() {
        return event.getDataSchema();
    }

    /** The trace the event was published in (CloudEvents' distributed tracing extension); empty when untraced. */
    public TraceContext trace() {
        Object parent = event.getExtension(TraceContext.TRACEPARENT);
        Object state = event.getExtension(TraceContext.TRACESTATE);
        return new TraceContext(parent == null ? null : parent.toString(), state == null ? null : state.toString());
    }

    /** The data as a JSON tree, decimals as written; null when the event has none. */
    public JsonNode data() {
        return data;
    }

    /** The data read as the record its type names (unknown fields ignored: newer producers may add some). */
    public <T extends DomainEvent> T data(Class<T> record) {
        try {
            return Json.mapper().treeToValue(data, record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event " + id() + " of type " + type() + " is not a "
                    + record.getSimpleName() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The event in structured mode as a JSON tree, for Jackson: the document {@link CloudEvents#write} makes. */
    @JsonValue
    public ObjectNode json() {
        ObjectMapper format = CloudEvents.format();
        try {
            return (ObjectNode) CloudEvents.exactDecimals(format).readTree(format.writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + id() + " cannot be written as JSON", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CloudEvent other && event.equals(other.event);
    }

    @Override
    public int hashCode() {
        return event.hashCode();
    }

    @Override
    public String toString() {
        return "CloudEvent[" + type() + " " + id() + " of " + subject() + "]";
    }

    private static JsonNode tree(CloudEventData data) {
        if (data == null) {
            return null;
        }
        if (data instanceof JsonCloudEventData json) {
            return json.getNode();
        }
        try {
            return CloudEvents.exactDecimals(Json.mapper()).readTree(data.toBytes());
        } catch (IOException e) {
            throw new IllegalArgumentException("The event's data is not JSON", e);
        }
    }
}
