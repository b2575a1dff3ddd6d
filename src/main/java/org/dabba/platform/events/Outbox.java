package org.dabba.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.util.UUID;
import org.dabba.platform.Time;

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
    ObjectMapper mapper;

    @Inject
    OutboxRelay relay;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * @param aggregateType the stream the event belongs to ({@code restaurant}, ...), which picks its endpoint
     * @param aggregateId the subject, also the partition key
     * @param type the event type in the domain's words, e.g. {@code restaurant.verified}
     * @param data the event's data, serialized as JSON
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String aggregateType, UUID aggregateId, DomainEvent data) {
        return publish(aggregateType, aggregateId, DomainEvent.typeOf(data.getClass()), data);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public CloudEvent publish(String aggregateType, UUID aggregateId, String type, Object data) {
        CloudEvent event = new CloudEvent("1.0", UUID.randomUUID().toString(), "/dabba/" + aggregateType, type,
                aggregateId.toString(), Time.now(), "application/json", tree(data));
        OutboxEvent row = new OutboxEvent();
        row.id = UUID.fromString(event.id());
        row.aggregateType = aggregateType;
        row.aggregateId = aggregateId;
        row.type = type;
        row.createdAt = event.time();
        try {
            row.payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Event " + type + " cannot be written as JSON", e);
        }
        row.persist();
        relayAfterCommit();
        return event;
    }

    private void relayAfterCommit() {
        if (transactions.getResource(NUDGE) == null) {
            transactions.putResource(NUDGE, Boolean.TRUE);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.nudge();
                    }
                }
            });
        }
    }

    /** The data as a JSON tree, decimals as they are ({@code valueToTree} would turn 250.00 into 2.5E+2). */
    private JsonNode tree(Object data) {
        try {
            return CloudEvents.exactDecimals(mapper).readTree(mapper.writeValueAsBytes(data));
        } catch (IOException e) {
            throw new IllegalStateException("Event data cannot be written as JSON", e);
        }
    }
}
