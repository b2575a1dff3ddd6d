package org.dabba.platform.events;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An event waiting in (or relayed from) the transactional outbox. */
@Entity
@Table(name = "outbox_events")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Insertion order, so that events of one aggregate leave in the order they happened. */
    @Column(insertable = false, updatable = false)
    public long seq;

    @Column(name = "aggregate_type")
    public String aggregateType;

    @Column(name = "aggregate_id")
    public UUID aggregateId;

    public String type;

    /** The whole CloudEvent, as relayed. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String payload;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    /** Failed publications so far; after {@code dabba.outbox.max-attempts} the event is parked. */
    public int attempts;

    @Column(name = "last_error")
    public String lastError;

    /** Not before this after a failed publication; null when due at once. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    /** When the relay gave up on it (it is in dead_letters as consumer {@code outbox-relay}); null while it is not. */
    @Column(name = "parked_at")
    public Instant parkedAt;

    /** The W3C trace context current when the event was published (null if none): the relay's span continues it. */
    public String traceparent;

    public String tracestate;
}
