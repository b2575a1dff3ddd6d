package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One refund of an order's charge: PENDING, then SUCCEEDED or FAILED as the gateway says; an order's rows are
 * its refund list.
 */
@Entity
@Table(name = "order_refunds")
public class OrderRefund extends PanacheEntityBase {

    public enum Status { PENDING, SUCCEEDED, FAILED }

    @Id
    public UUID id;

    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "payment_intent_id")
    public String paymentIntentId;

    /** In the order's currency. */
    public BigDecimal amount;

    public String reason;

    /** Who asked for it, as {@link Actor#stored()} writes it. */
    public String actor;

    @Enumerated(EnumType.STRING)
    public Status status = Status.PENDING;

    @Column(name = "gateway_refund_id")
    public String gatewayRefundId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "requested_at")
    public Instant requestedAt;

    public int attempts;

    @Column(name = "key_generation")
    public int keyGeneration = 1;

    /** Null once the refund is over. */
    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "alerted_at")
    public Instant alertedAt;

    /** Asks for {@code amount} back in the deciding transaction, due at once (the first attempt follows commit). */
    static OrderRefund request(Order o, BigDecimal amount, String reason, Actor by) {
        OrderRefund r = new OrderRefund();
        r.id = UUID.randomUUID();
        r.orderId = o.id;
        r.paymentIntentId = o.paymentIntentId;
        r.amount = amount;
        r.reason = reason == null ? null : reason.length() > 200 ? reason.substring(0, 200) : reason;
        r.actor = by.stored();
        r.createdAt = o.updatedAt;
        r.requestedAt = o.updatedAt;
        r.nextAttemptAt = o.updatedAt;
        r.persist();
        return r;
    }

    static List<OrderRefund> of(UUID orderId) {
        return list("orderId = ?1 order by createdAt, id", orderId);
    }

    /** Money asked back and not refused: what is no longer refundable. */
    static BigDecimal requested(UUID orderId) {
        return of(orderId).stream().filter(r -> r.status != Status.FAILED).map(r -> r.amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }
}
