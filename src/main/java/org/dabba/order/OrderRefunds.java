package org.dabba.order;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dabba.order.OrderApi.RefundPage;
import org.dabba.order.OrderApi.RefundView;
import org.dabba.payment.PaymentGateway;
import org.dabba.payment.PaymentGatewayException;
import org.dabba.payment.PaymentsConfig;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.ConsumedEvents;
import org.jboss.logging.Logger;

/**
 * The refund process: money that must go back (an {@link OrderRefund} row, written with REFUND_PENDING) is refunded
 * at the gateway and the order marked REFUNDED. Never lost: the row is the memory, not a queue or a thread.
 * <ul>
 * <li>{@code order.restaurant.rejected} (route {@code order-refund}) makes the first attempt at once;</li>
 * <li>the sweep ({@code order-refund-retry}) attempts every refund whose next attempt is due: the first one of a
 * refund asked for without an event (a payment for an order already over), every retry, and any attempt an
 * instance died in.</li>
 * </ul>
 * An attempt is leased in a short transaction ({@code FOR UPDATE SKIP LOCKED}, the next attempt moved past the
 * gateway's timeout), so two instances or the event and the sweep never call the gateway for one refund at once
 * and no connection is held during the call. A failure doubles the wait ({@code dabba.orders.refund.retry-delay}
 * up to {@code retry-max-delay}); the refund is never given up, but after {@code alert-after-attempts} failures it
 * is logged as an ERROR, once, and flagged in {@code GET /admin/refunds}.
 */
@ApplicationScoped
public class OrderRefunds {

    private static final Logger LOG = Logger.getLogger(OrderRefunds.class);

    static final String CONSUMER = "order-refund";
    private static final int BATCH = 20;

    @Inject
    PaymentGateway gateway;

    @Inject
    OrderService orders;

    @Inject
    OrderConfig config;

    @Inject
    PaymentsConfig payments;

    @Inject
    ConsumedEvents consumed;

    /** One leased attempt: which refund, with which key, the how-manieth. */
    record Lease(UUID orderId, String paymentIntentId, int keyGeneration, String idempotencyKey, int attempt) {
    }

    /** An order event (route {@code order-refund}): a rejection's refund is attempted at once. */
    public void onEvent(CloudEvent event) {
        if (!OrderService.REJECTED.equals(event.type())) {
            return;
        }
        UUID orderId = UUID.fromString(event.subject());
        List<Lease> leased = QuarkusTransaction.requiringNew().call(() ->
                consumed.firstDelivery(CONSUMER, event.id()) ? lease(orderId) : List.<Lease>of());
        leased.forEach(this::attempt);
    }

    /** The sweep (route {@code order-refund-retry}): attempts the refunds that are due. Answers how many. */
    public int retryDue() {
        List<Lease> due = QuarkusTransaction.requiringNew().call(() -> lease(null));
        due.forEach(this::attempt);
        return due.size();
    }

    /** {@code GET /admin/refunds}: refunds not done yet, oldest first. */
    public RefundPage pending(int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = OrderRefund.<OrderRefund>findAll(Sort.by("requestedAt").and("orderId"));
            List<OrderRefund> rows = query.page(Page.of(page, size)).list();
            Map<UUID, Order> byId = rows.isEmpty() ? Map.of()
                    : Order.<Order>list("id in ?1", rows.stream().map(r -> r.orderId).toList()).stream()
                            .collect(Collectors.toMap(o -> o.id, Function.identity()));
            List<RefundView> items = rows.stream().map(r -> {
                Order o = byId.get(r.orderId);
                return new RefundView(r.orderId, o.restaurantId, o.customerId, o.status, r.paymentIntentId, o.total,
                        o.currency, r.requestedAt, r.attempts, r.lastError, r.lastAttemptAt, r.nextAttemptAt,
                        r.alertedAt != null);
            }).toList();
            return new RefundPage(items, page, size, query.count());
        });
    }

    /** Due refunds (of one order, or any), leased: counted as attempted, the next attempt past this one's end. */
    private List<Lease> lease(UUID orderId) {
        Instant now = Time.now();
        Query query = Panache.getEntityManager().createNativeQuery(
                "select * from order_refunds where next_attempt_at <= :now"
                        + (orderId == null ? "" : " and order_id = :orderId")
                        + " order by next_attempt_at limit :limit for update skip locked", OrderRefund.class)
                .setParameter("now", now).setParameter("limit", BATCH);
        if (orderId != null) {
            query.setParameter("orderId", orderId);
        }
        @SuppressWarnings("unchecked")
        List<OrderRefund> rows = query.getResultList();
        // If this instance dies during the call, the lease runs out and the sweep attempts the refund again.
        Instant leaseEnd = now.plus(payments.timeout().multipliedBy(2)).plusSeconds(1);
        return rows.stream().map(r -> {
            r.attempts++;
            r.lastAttemptAt = now;
            r.nextAttemptAt = leaseEnd;
            return new Lease(r.orderId, r.paymentIntentId, r.keyGeneration, r.idempotencyKey(), r.attempts);
        }).toList();
    }

    private void attempt(Lease lease) {
        PaymentGateway.Refund refund;
        try {
            refund = gateway.refund(lease.paymentIntentId(), lease.idempotencyKey());
        } catch (PaymentGatewayException e) {
            if (e.alreadyRefunded()) {
                done(lease, null, "refunded (the gateway says the charge was refunded already)");
            } else {
                failed(lease, e.getMessage(), e.answered());
            }
            return;
        } catch (RuntimeException e) {
            // Not known whether the gateway got it: the same key next time, to learn what it did.
            failed(lease, e.toString(), false);
            return;
        }
        done(lease, refund.refundId(), "refunded (" + refund.refundId() + ")");
    }

    private void done(Lease lease, String refundId, String reason) {
        boolean recorded = QuarkusTransaction.requiringNew().call(() -> {
            OrderRefund row = OrderRefund.findById(lease.orderId(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return false; // recorded by another attempt meanwhile
            }
            row.delete();
            orders.refunded(lease.orderId(), refundId, reason);
            return true;
        });
        if (recorded) {
            LOG.infof("Order %s (intent %s) %s at attempt %d", lease.orderId(), lease.paymentIntentId(), reason,
                    lease.attempt());
        }
    }

    /** Records the failure and schedules the next attempt; after an answer, with the next idempotency key. */
    private void failed(Lease lease, String error, boolean answered) {
        QuarkusTransaction.requiringNew().run(() -> {
            OrderRefund row = OrderRefund.findById(lease.orderId(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null) {
                return;
            }
            Instant now = Time.now();
            String message = error == null ? "unknown error" : error;
            row.lastError = message.length() > 500 ? message.substring(0, 500) : message;
            row.nextAttemptAt = now.plus(backoff(row.attempts));
            if (answered && row.keyGeneration == lease.keyGeneration()) {
                // The gateway keeps that answer under the key (Stripe: 24 h): the same key would only replay it.
                row.keyGeneration++;
            }
            if (row.attempts >= config.refund().alertAfterAttempts() && row.alertedAt == null) {
                row.alertedAt = now;
                LOG.errorf("Refund of order %s (intent %s) has failed %d times, last: %s. Still retried, next at %s;"
                        + " see GET /admin/refunds", row.orderId, row.paymentIntentId, row.attempts, row.lastError,
                        row.nextAttemptAt);
            } else {
                LOG.warnf("Refund of order %s (intent %s) failed (attempt %d: %s); next attempt at %s", row.orderId,
                        row.paymentIntentId, row.attempts, row.lastError, row.nextAttemptAt);
            }
        });
    }

    /** The wait after the {@code attempts}-th failure: retry-delay × 2^(attempts−1), at most retry-max-delay. */
    Duration backoff(int attempts) {
        Duration max = config.refund().retryMaxDelay();
        Duration delay = config.refund().retryDelay();
        for (int i = 1; i < attempts && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
