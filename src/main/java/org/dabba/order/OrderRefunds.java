package org.dabba.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dabba.order.OrderBodies.RefundPage;
import org.dabba.order.OrderBodies.RefundView;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderRefundRequested;
import org.dabba.order.events.OrderRefunded;
import org.dabba.order.events.OrderRejected;
import org.dabba.payment.MinorUnits;
import org.dabba.payment.PaymentGateway;
import org.dabba.payment.PaymentGatewayException;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.RefundEvent;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.ConsumedEvents;
import org.dabba.platform.events.DomainEvent;
import org.dabba.platform.jobs.Backoff;
import org.dabba.platform.jobs.Leases;
import org.jboss.logging.Logger;

/**
 * The refund process: a PENDING {@link OrderRefund} row is refunded at the gateway, marked SUCCEEDED (or FAILED
 * when the gateway finally refuses), and the order's payment status recomputed from its refunds. The row is the
 * memory: the events that ask for a refund make the first attempt at once ({@code order-refund}), the sweep
 * ({@code order-refund-retry}) every due one (retries, refunds asked without an event, attempts an instance died
 * in). Each attempt is leased ({@code FOR UPDATE SKIP LOCKED}, past the gateway's timeout), so no refund is
 * attempted twice at once and no connection is held during the call. Failures back off up to
 * {@code retry-max-delay} and are never given up; after {@code alert-after-attempts} the refund is logged as an
 * ERROR, once, and flagged in {@code GET /admin/refunds}.
 */
@ApplicationScoped
public class OrderRefunds {

    private static final Logger LOG = Logger.getLogger(OrderRefunds.class);

    static final String CONSUMER = "order-refund";

    /** The order events that come with a refund asked for: its first attempt follows at once. */
    private static final Set<String> ASKING = Set.of(DomainEvent.typeOf(OrderRejected.class),
            DomainEvent.typeOf(OrderCancelled.class), DomainEvent.typeOf(OrderRefundRequested.class));
    private static final int BATCH = 20;

    @Inject
    PaymentGateway gateway;

    @Inject
    OrderChanges changes;

    @Inject
    OrderConfig config;

    @Inject
    PaymentsConfig payments;

    @Inject
    ConsumedEvents consumed;

    /** One leased attempt: which refund, of how much (minor units), with which key, the how-manieth. */
    record Lease(UUID refundId, UUID orderId, String paymentIntentId, long amountMinor, int keyGeneration,
            String idempotencyKey, int attempt) {
    }

    /** An order event (route {@code order-refund}): a refund asked for with it is attempted at once. */
    public void onEvent(CloudEvent event) {
        if (!ASKING.contains(event.type())) {
            return;
        }
        UUID orderId = UUID.fromString(event.subject());
        if (QuarkusTransaction.requiringNew().call(() -> consumed.firstDelivery(CONSUMER, event.id()))) {
            lease(orderId).forEach(this::attempt);
        }
    }

    /** The sweep (route {@code order-refund-retry}): attempts the refunds that are due. Answers how many. */
    public int retryDue() {
        List<Lease> due = lease(null);
        due.forEach(this::attempt);
        return due.size();
    }

    /** {@code GET /admin/refunds}: refunds not done yet (PENDING), oldest first. */
    public RefundPage pending(int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = OrderRefund.<OrderRefund>find("status", Sort.by("requestedAt").and("id"),
                    OrderRefund.Status.PENDING);
            List<OrderRefund> rows = query.page(Page.of(page, size)).list();
            Map<UUID, Order> byId = rows.isEmpty() ? Map.of()
                    : Order.<Order>list("id in ?1", rows.stream().map(r -> r.orderId).distinct().toList()).stream()
                            .collect(Collectors.toMap(o -> o.id, Function.identity()));
            List<RefundView> items = rows.stream().map(r -> {
                Order o = byId.get(r.orderId);
                return new RefundView(r.orderId, r.id, o.restaurantId, o.customerId, o.status, r.paymentIntentId,
                        r.amount, o.currency, r.reason, Actor.parse(r.actor), r.requestedAt, r.attempts, r.lastError,
                        r.lastAttemptAt, r.nextAttemptAt, r.alertedAt != null);
            }).toList();
            return new RefundPage(items, page, size, query.count());
        });
    }

    /** Due refunds (of one order, or any), leased: counted as attempted, the next attempt past this one's end. */
    private List<Lease> lease(UUID orderId) {
        // If this instance dies during the call, the lease runs out and the sweep attempts the refund again.
        return Leases.claim(new Leases.Claim<>("order_refunds", "id", "next_attempt_at", """
                select r.id, r.order_id, r.payment_intent_id, r.amount, o.currency, r.key_generation, r.attempts
                from order_refunds r join orders o on o.id = r.order_id
                where r.status = 'PENDING' and r.next_attempt_at <= :now"""
                + (orderId == null ? "" : " and r.order_id = :orderId") + """

                order by r.next_attempt_at limit :limit for update of r skip locked""",
                orderId == null ? Map.of() : Map.of("orderId", orderId), BATCH,
                payments.timeout().multipliedBy(2).plusSeconds(1), "attempts = attempts + 1, last_attempt_at = :now",
                r -> {
                    UUID refundId = (UUID) r[0];
                    int keyGeneration = ((Number) r[5]).intValue();
                    return new Lease(refundId, (UUID) r[1], (String) r[2],
                            MinorUnits.of((BigDecimal) r[3], (String) r[4]), keyGeneration,
                            PaymentGateway.refundKeyFor(refundId, keyGeneration), ((Number) r[6]).intValue() + 1);
                }));
    }

    private void attempt(Lease lease) {
        PaymentGateway.Refund refund;
        try {
            refund = gateway.refund(lease.paymentIntentId(), lease.amountMinor(),
                    Map.of("refundId", lease.refundId().toString(), "orderId", lease.orderId().toString()),
                    lease.idempotencyKey());
        } catch (PaymentGatewayException e) {
            if (e.alreadyRefunded()) {
                settle(lease, null, OrderRefund.Status.SUCCEEDED,
                        "refunded (the gateway says the charge was refunded already)");
            } else if (e.refundTooLarge()) {
                // The charge holds less than asked (refunded elsewhere): asking again cannot succeed.
                settle(lease, null, OrderRefund.Status.FAILED, "refund refused: " + e.getMessage());
            } else {
                failed(lease, e.getMessage(), e.answered());
            }
            return;
        } catch (RuntimeException e) {
            // Not known whether the gateway got it: the same key next time, to learn what it did.
            failed(lease, e.toString(), false);
            return;
        }
        switch (refund.status()) {
            case "succeeded" -> settle(lease, refund.refundId(), OrderRefund.Status.SUCCEEDED,
                    "refunded (" + refund.refundId() + ")");
            case "failed", "canceled" -> settle(lease, refund.refundId(), OrderRefund.Status.FAILED,
                    "refund " + refund.refundId() + " " + refund.status() + " at the gateway");
            default -> awaitGateway(lease, refund.refundId());
        }
    }

    private void settle(Lease lease, String gatewayRefundId, OrderRefund.Status outcome, String reason) {
        boolean recorded = QuarkusTransaction.requiringNew().call(() ->
                refundSettled(lease.refundId(), gatewayRefundId, outcome, reason));
        if (recorded) {
            LOG.infof("Refund %s of order %s (intent %s): %s at attempt %d", lease.refundId(), lease.orderId(),
                    lease.paymentIntentId(), reason, lease.attempt());
        }
    }

    /** The gateway took the refund but has not done it yet: its event settles it, else a retry at the longest wait. */
    private void awaitGateway(Lease lease, String gatewayRefundId) {
        QuarkusTransaction.requiringNew().run(() -> {
            OrderRefund row = OrderRefund.findById(lease.refundId(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null || row.status != OrderRefund.Status.PENDING) {
                return;
            }
            row.gatewayRefundId = gatewayRefundId;
            row.nextAttemptAt = Time.now().plus(config.refund().retryMaxDelay());
        });
    }

    /** Records the failure and schedules the next attempt; after an answer, with the next idempotency key. */
    private void failed(Lease lease, String error, boolean answered) {
        QuarkusTransaction.requiringNew().run(() -> {
            OrderRefund row = OrderRefund.findById(lease.refundId(), LockModeType.PESSIMISTIC_WRITE);
            if (row == null || row.status != OrderRefund.Status.PENDING) {
                return;
            }
            Instant now = Time.now();
            row.lastError = Leases.truncate(error, 500);
            row.nextAttemptAt = backoff().next(now, row.attempts);
            if (answered && row.keyGeneration == lease.keyGeneration()) {
                // The gateway keeps that answer under the key (Stripe: 24 h): the same key would only replay it.
                row.keyGeneration++;
            }
            if (row.attempts >= config.refund().alertAfterAttempts() && row.alertedAt == null) {
                row.alertedAt = now;
                LOG.errorf("Refund %s of order %s (intent %s) has failed %d times, last: %s. Still retried, next at "
                        + "%s; see GET /admin/refunds", row.id, row.orderId, row.paymentIntentId, row.attempts,
                        row.lastError, row.nextAttemptAt);
            } else {
                LOG.warnf("Refund %s of order %s (intent %s) failed (attempt %d: %s); next attempt at %s", row.id,
                        row.orderId, row.paymentIntentId, row.attempts, row.lastError, row.nextAttemptAt);
            }
        });
    }

    Backoff backoff() {
        return new Backoff(config.refund().retryDelay(), config.refund().retryMaxDelay());
    }

    /** A refund is over: {@link OrderRefunded} for money that went back. False when it was over already. */
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
            changes.publish(o, s -> new OrderRefunded(s, o.paymentIntentId, r.id, r.gatewayRefundId, r.amount));
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

    /** {@code charge.refunded}: its listed refunds follow; else those the gateway took, once its total covers them. */
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
