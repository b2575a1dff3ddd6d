package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A payment that did not match its order's amount, currency or mode: it changed nothing, and waits for an admin. */
@Entity
@Table(name = "payment_mismatches")
public class PaymentMismatch extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "event_id")
    public String eventId;

    @Column(name = "payment_intent_id")
    public String paymentIntentId;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "expected_amount")
    public long expectedAmount;

    @Column(name = "received_amount")
    public long receivedAmount;

    @Column(name = "expected_currency")
    public String expectedCurrency;

    @Column(name = "received_currency")
    public String receivedCurrency;

    public boolean livemode;

    public String detail;

    @Column(name = "received_at")
    public Instant receivedAt;
}
