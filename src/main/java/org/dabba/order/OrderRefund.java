package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.dabba.payment.PaymentGateway;

/**
 * A refund the gateway has not done yet: one row per REFUND_PENDING order, written in the transaction that asks
 * for the refund and deleted in the one that records it done. Only {@link OrderRefunds} changes it.
 */
@Entity
@Table(name = "order_refunds")
public class OrderRefund extends PanacheEntityBase {

    @Id
    @Column(name = "order_id")
    public UUID orderId;

    @Column(name = "payment_intent_id")
    public String paymentIntentId;

    @Column(name = "requested_at")
    public Instant requestedAt;

    public int attempts;

    @Column(name = "key_generation")
    public int keyGeneration = 1;

    @Column(name = "next_attempt_at")
    public Instant nextAttemptAt;

    @Column(name = "last_attempt_at")
    public Instant lastAttemptAt;

    @Column(name = "last_error")
    public String lastError;

    @Column(name = "alerted_at")
    public Instant alertedAt;

    /**
     * Asks for the refund of the order's payment, in the transaction that sets it REFUND_PENDING: due at once (the
     * first attempt follows the commit), then as {@link OrderRefunds} schedules it.
     */
    static void request(Order o) {
        if (findById(o.id) != null) {
            return;
        }
        OrderRefund r = new OrderRefund();
        r.orderId = o.id;
        r.paymentIntentId = o.paymentIntentId;
        r.requestedAt = o.updatedAt;
        r.nextAttemptAt = o.updatedAt;
        r.persist();
    }

    String idempotencyKey() {
        return PaymentGateway.refundKeyFor(paymentIntentId, keyGeneration);
    }
}
