package org.dabba.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.jackson.JsonCloudEventData;
import java.io.IOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import org.dabba.platform.AfterCommit;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.tracing.TraceContext;

/**
 * Publishes domain events the only way Dabba does: as an outbox row written in the caller's transaction,
 * so the event exists if and only if the change committed. {@link OutboxRelay} sends it on, right after the
 * commit (and on its timer).
 */
@ApplicationScoped
public class Outbox {

    /** Marks a transaction that already asks the relay to run once it commits. */
    private static final Object NUDGE = new Object();

    @Inject
    OutboxRelay relay;

    @Inject
    CloudEvents cloudEvents;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * @param aggregateType the stream the event belongs to ({@code restaurant}, ...), which picks its endpoint
     * @param aggregateId the subject, also the partition key
     * @param data the event's data, a record naming its type and schema version, serialized as JSON
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String aggregateType, UUID aggregateId, DomainEvent data) {
        return publish(aggregateType, aggregateId, DomainEvent.typeOf(data.getClass()),
                DomainEvent.schemaOf(data.getClass()), data);
    }

    /** An event whose data is not a {@link DomainEvent} record: its schema is version 1 of its type. */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String aggregateType, UUID aggregateId, String type, Object data) {
        return publish(aggregateType, aggregateId, type, DomainEvent.schema(type, 1), data);
    }

    private CloudEvent publish(String aggregateType, UUID aggregateId, String type, URI schema, Object data) {
        TraceContext trace = TraceContext.current();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(UUID.randomUUID().toString())
                .withSource(URI.create("/dabba/" + aggregateType))
                .withType(type)
                .withSubject(aggregateId.toString())
                .withTime(Time.now().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withDataSchema(schema)
                .withData(JsonCloudEventData.wrap(tree(data)));
        // CloudEvents' distributed tracing extension: the event names the trace it was published in, wherever it goes.
        if (!trace.isEmpty()) {
            builder.withExtension(TraceContext.TRACEPARENT, trace.traceparent());
            if (trace.tracestate() != null) {
                builder.withExtension(TraceContext.TRACESTATE, trace.tracestate());
            }
        }
        CloudEvent event = new CloudEvent(builder.build());
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(event.id());
        row.aggregateType = aggregateType;
        row.aggregateId = aggregateId;
        row.type = type;
        row.createdAt = event.time();
        row.payload = cloudEvents.write(event);
        row.traceparent = trace.traceparent();
        row.tracestate = trace.tracestate();
        row.persist();
        relayAfterCommit();
        return event;
    }

    private void relayAfterCommit() {
        if (transactions.getResource(NUDGE) == null) {
            transactions.putResource(NUDGE, Boolean.TRUE);
            AfterCommit.run(transactions, relay::nudge);
        }
    }

    /** The data as a JSON tree, decimals as they are ({@code valueToTree} would turn 250.00 into 2.5E+2). */
    private JsonNode tree(Object data) {
        try {
            return CloudEvents.exactDecimals(Json.mapper()).readTree(Json.mapper().writeValueAsBytes(data));
        } catch (IOException e) {
            throw new IllegalStateException("Event data cannot be written as JSON", e);
        }
    }
}
