package org.dabba.payment.sandbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An event the sandbox owes the webhook endpoint, written with the change that caused it. */
@Entity
@Table(name = "sandbox_webhook_deliveries")
public class SandboxWebhookDelivery extends PanacheEntityBase {

    /** The event id, {@code evt_...}. */
    @Id
    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    /** The event JSON, sent byte for byte the same on every attempt (each attempt is signed afresh). */
    public String payload;

    public int attempts;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "abandoned_at")
    public Instant abandonedAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "created_at")
    public Instant createdAt;
}
