package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.payment.MinorUnits;
import org.dabba.payment.RefundEvent;
import org.jboss.logging.Logger;

/**
 * A refund's end, reported by the refund process ({@link OrderRefunds}) or by the gateway's events: the refund
 * SUCCEEDED or FAILED, and the order's payment status recomputed from all of its refunds.
 */
@ApplicationScoped
class RefundOutcomes {

    private static final Logger LOG = Logger.getLogger(RefundOutcomes.class);

    @Inject
    OrderChanges changes;

    /**
     * A refund is over (in the caller's transaction): {@code order.payment.refunded} for money that went back.
     * False when the refund was over already (an attempt and an event may both report it).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    boolean refundSettled(UUID refundId, String gatewayRefundId, OrderRefund.Status outcome, String reason) {
        OrderRefund r = OrderRefund.findById(refundId);
        if (r == null) {
            return false;
        }
        // Locked and re-read: an event handler may have loaded it before another settlement committed.
        OrderRefund.getEntityManager().refresh(r, LockModeType.PESSIMISTIC_WRITE);
        if (r.status != OrderRefund.Status.PENDING) {
            return false;
        }
        r.status = outcome;
        r.nextAttemptAt = null;
        if (gatewayRefundId != null) {
            r.gatewayRefundId = gatewayRefundId;
        }
        Order o = Order.findById(r.orderId);
        Order.getEntityManager().refresh(o, LockModeType.PESSIMISTIC_WRITE);
        OrderRefund.flush();
        o.changePayment(paymentAfterRefunds(o), reason, Actor.SYSTEM);
        if (outcome == OrderRefund.Status.SUCCEEDED) {
            changes.publish(o, OrderChanges.REFUNDED, "paymentIntentId", o.paymentIntentId, "refundId", r.id,
                    "gatewayRefundId", r.gatewayRefundId, "amount", r.amount);
        } else {
            LOG.errorf("Refund %s of %s %s for order %s failed at the gateway: %s", r.id, r.amount, o.currency, o.id,
                    reason);
        }
        return true;
    }

    /** The payment as its refunds leave it: one in flight, all of it back, some of it, or none. */
    private static PaymentStatus paymentAfterRefunds(Order o) {
        List<OrderRefund> refunds = OrderRefund.of(o.id);
        if (refunds.stream().anyMatch(r -> r.status == OrderRefund.Status.PENDING)) {
            return PaymentStatus.REFUND_PENDING;
        }
        BigDecimal back = refunds.stream().filter(r -> r.status == OrderRefund.Status.SUCCEEDED).map(r -> r.amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        return back.signum() == 0 ? PaymentStatus.SUCCEEDED
                : back.compareTo(o.total) >= 0 ? PaymentStatus.REFUNDED : PaymentStatus.PARTIALLY_REFUNDED;
    }

    /** {@code refund.*} from the gateway: the refund it names (by our id in its metadata, else by its id) follows. */
    @Transactional(Transactional.TxType.MANDATORY)
    void refundChanged(RefundEvent event) {
        Optional<OrderRefund> found = event.appRefundId().map(id -> OrderRefund.<OrderRefund>findById(id))
                .or(() -> OrderRefund.<OrderRefund>find("gatewayRefundId", event.refundId()).firstResultOptional());
        if (found.isEmpty()) {
            LOG.infof("Refund %s (event %s) is not one the app asked for; ignored", event.refundId(),
                    event.eventId());
            return;
        }
        OrderRefund.Status outcome = switch (event.status()) {
            case "succeeded" -> OrderRefund.Status.SUCCEEDED;
            case "failed", "canceled" -> OrderRefund.Status.FAILED;
            default -> null;
        };
        if (outcome == null) {
            return;
        }
        refundSettled(found.get().id, event.refundId(), outcome, outcome == OrderRefund.Status.SUCCEEDED
                ? "refunded (" + event.refundId() + ")" : "refund " + event.refundId() + " " + event.status()
                        + " at the gateway (" + event.eventId() + ")");
    }

    /**
     * {@code charge.refunded}: the refunds listed with the charge follow; without a list, the refunds the gateway
     * took (they have its id) are done when the charge's refunded total covers them all.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    void chargeRefunded(RefundEvent.ChargeRefunded event) {
        event.refunds().forEach(this::refundChanged);
        Optional<Order> order = Order.byPaymentIntent(event.paymentIntentId());
        if (order.isEmpty()) {
            return;
        }
        Order o = order.get();
        List<OrderRefund> refunds = OrderRefund.of(o.id);
        List<OrderRefund> taken = refunds.stream()
                .filter(r -> r.status == OrderRefund.Status.PENDING && r.gatewayRefundId != null).toList();
        long covered = refunds.stream().filter(r -> r.status == OrderRefund.Status.SUCCEEDED
                || taken.contains(r)).mapToLong(r -> MinorUnits.of(r.amount, o.currency)).sum();
        if (!taken.isEmpty() && event.amountRefundedMinor() >= covered) {
            taken.forEach(r -> refundSettled(r.id, null, OrderRefund.Status.SUCCEEDED,
                    "refunded (" + r.gatewayRefundId + ")"));
        }
    }
}
