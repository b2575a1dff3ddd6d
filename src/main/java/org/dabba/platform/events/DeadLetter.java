package org.dabba.platform.events;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An event one consumer gave up on after its retries, kept as received until it is replayed or discarded. */
@Entity
@Table(name = "dead_letters")
public class DeadLetter extends PanacheEntityBase {

    public enum Status { PARKED, REPLAYED, DISCARDED }

    @Id
    public UUID id;

    /** The id of the consumer route that failed, e.g. {@code order-refund}. */
    public String consumer;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    public String subject;

    /** The message as the consumer received it (a CloudEvent's JSON, or a notification's for the channel). */
    public String payload;

    /** The last failure: its class and message, never a stack trace. */
    public String error;

    /** Tries so far, the retries of every delivery and every failed replay included. */
    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "last_failed_at")
    public Instant lastFailedAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "replayed_at")
    public Instant replayedAt;

    @Column(name = "discarded_at")
    public Instant discardedAt;
}
