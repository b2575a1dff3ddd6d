package org.dabba.restaurant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One order event owed to a restaurant's POS. Rows are written by {@link PosIntegrations#onOrderEvent} (idempotently,
 * one per integration and event) and moved on by {@link PosDeliveries}.
 *
 * <pre>
 * PENDING --2xx--> DELIVERED
 * PENDING --failure, attempts left--> PENDING (next attempt after a backoff)
 * PENDING --last attempt failed--> DEAD --retry (owner)--> PENDING
 * </pre>
 */
@Entity
@Table(name = "pos_deliveries")
public class PosDelivery extends PanacheEntityBase {

    public enum Status { PENDING, DELIVERED, DEAD }

    @Id
    public UUID id;

    /** Assigned by the database: the order deliveries were recorded in. */
    @Column(insertable = false, updatable = false)
    public Long seq;

    @Column(name = "integration_id")
    public UUID integrationId;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "event_type")
    public String eventType;

    @Column(name = "order_id")
    public UUID orderId;

    public String payload;

    @Enumerated(EnumType.STRING)
    public Status status;

    public int attempts;

    @Column(name = "last_status_code")
    public Integer lastStatusCode;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "delivered_at")
    public Instant deliveredAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
