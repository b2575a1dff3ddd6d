package org.dabba.payment.sandbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A refund of a sandbox PaymentIntent's charge. */
@Entity
@Table(name = "sandbox_refunds")
public class SandboxRefund extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "payment_intent")
    public String paymentIntent;

    public String charge;

    public long amount;

    public String currency;

    public String status;

    public String reason;

    public Instant created;
}
