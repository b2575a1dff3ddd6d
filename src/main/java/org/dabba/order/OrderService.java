package org.dabba.order;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.order.OrderApi.CancelRequest;
import org.dabba.order.OrderApi.CancellationRate;
import org.dabba.order.OrderApi.CheckoutState;
import org.dabba.order.OrderApi.DeliveryAddress;
import org.dabba.order.OrderApi.DeliveryView;
import org.dabba.order.OrderApi.NewOrder;
import org.dabba.order.OrderApi.OrderLine;
import org.dabba.order.OrderApi.OrderPage;
import org.dabba.order.OrderApi.OrderRefundView;
import org.dabba.order.OrderApi.OrderView;
import org.dabba.order.OrderApi.PaymentMismatchPage;
import org.dabba.order.OrderApi.PaymentMismatchView;
import org.dabba.order.OrderApi.PaymentSettled;
import org.dabba.order.OrderApi.Pricing;
import org.dabba.order.OrderApi.RefundAsk;
import org.dabba.order.OrderApi.RefundRequest;
import org.dabba.order.OrderApi.RefundType;
import org.dabba.order.OrderApi.StatusView;
import org.dabba.order.OrderApi.TransitionView;
import org.dabba.payment.MinorUnits;
import org.dabba.payment.PaymentEvent;
import org.dabba.payment.PaymentGateway;
import org.dabba.payment.PaymentGatewayException;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.RefundEvent;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.RestaurantApi.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * Orders: created by checkout (PAYMENT_PENDING), settled by the payment webhook or by checkout's failure and
 * expiry handling, read by the customer, the restaurant's owner and admins (404 for anyone else). Every state
 * change goes through {@link Order#moveTo}; its events commit with it (the outbox). What an order held while its
 * payment was pending is let go when the payment settles ({@link PaymentSettled}): the cart is cleared (paid) or
 * unlocked (not paid) once the change has committed. Once paid, the restaurant decides: accepted (and moved on
 * to IN_PREPARATION) or rejected, by its owner or by the acceptance timeout; a rejection asks for the refund
 * ({@link OrderRefunds}) in the same transaction. Cancellations (the customer's, the owner's, an admin's, the
 * platform's) and admins' partial refunds lock the order row, so the refunds of an order never add up to more than
 * its charge.
 */
@ApplicationScoped
public class OrderService {

    private static final Logger LOG = Logger.getLogger(OrderService.class);

    static final String EVENTS = "order";
    public static final String PAID = "order.payment.success";
    public static final String PAYMENT_FAILED = "order.payment.failed";
    public static final String CANCELLED = "order.cancelled";
    public static final String REFUNDED = "order.payment.refunded";
    public static final String CONFIRMED = "order.restaurant.confirmed";
    public static final String REJECTED = "order.restaurant.rejected";
    public static final String PREPARING = "order.preparation.started";
    /** Published by the delivery's progress (through the methods below; delivery owns no order state). */
    public static final String COURIER_ASSIGNED = "order.deliverypartner.assigned";
    public static final String DELIVERY_STARTED = "order.delivery.started";
    public static final String DELIVERED = "order.delivered";
    public static final String DELIVERY_DELAYED = "order.delivery.delayed";
    /** The courier gave the delivery back before pickup (or was released); it goes back to dispatch. */
    public static final String COURIER_RELEASED = "order.deliverypartner.released";
    public static final String READY_FOR_PICKUP = "order.ready.for.pickup";
    /** The reason of an order rejected because the restaurant did not answer in time. */
    public static final String RESTAURANT_TIMEOUT = "restaurant-timeout";
    /** An admin asked for part (or the rest) of a charge back, outside a cancellation. */
    public static final String REFUND_REQUESTED = "order.refund.requested";
    /** The reason dispatch gives when no courier could be found in time ({@link #cancelBySystem}). */
    public static final String DISPATCH_DEADLINE = "dispatch-deadline";

    /** Where each party may cancel: the customer before the restaurant accepts, its owner before pickup. */
    private static final Set<OrderStatus> CUSTOMER_CANCELS = EnumSet.of(OrderStatus.PAYMENT_PENDING,
            OrderStatus.PENDING_RESTAURANT_ACCEPTANCE);
    private static final Set<OrderStatus> RESTAURANT_CANCELS = EnumSet.of(OrderStatus.ACCEPTED,
            OrderStatus.IN_PREPARATION);
    /** Where the platform may cancel a paid order (dispatch found no courier): not once the food is on its way. */
    private static final Set<OrderStatus> SYSTEM_CANCELS = EnumSet.of(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE,
            OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION);
    /** Payment states in which the order's charge was taken (some of it may have gone back). */
    private static final Set<PaymentStatus> CHARGED = EnumSet.of(PaymentStatus.SUCCEEDED,
            PaymentStatus.REFUND_PENDING, PaymentStatus.PARTIALLY_REFUNDED, PaymentStatus.REFUNDED);

    private static final int TIMEOUT_BATCH = 100;

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
    };

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    RestaurantService restaurants;

    @Inject
    PaymentGateway gateway;

    @Inject
    Event<PaymentSettled> settled;

    @Inject
    OrderConfig config;

    @Inject
    PaymentsConfig payments;

    @Inject
    Event<IntentToCancel> intentsToCancel;

    @Inject
    Event<PrepEstimates.PickedUp> pickups;

    /** An unpaid order was cancelled: its intent is cancelled at the gateway once that has committed. */
    record IntentToCancel(UUID orderId, String paymentIntentId) {
    }

    /**
     * Creates the order PAYMENT_PENDING, in checkout's transaction (with the promotion use). Flushed at once, so
     * that the unique (customer, Idempotency-Key) constraint refuses a duplicate here, in the caller's hands.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public CheckoutState create(NewOrder n) {
        Order o = new Order();
        o.id = n.orderId();
        o.customerId = n.customerId();
        o.restaurantId = n.restaurantId();
        o.cartId = n.cartId();
        o.idempotencyKey = n.idempotencyKey();
        o.status = OrderStatus.PAYMENT_PENDING;
        o.paymentStatus = PaymentStatus.PENDING;
        o.paymentMethod = n.paymentMethod();
        o.promoCode = n.promoCode();
        o.items = json(n.items());
        o.deliveryAddress = json(n.deliveryAddress());
        o.distanceKm = n.distanceKm();
        Pricing p = n.pricing();
        o.subtotal = p.subtotal();
        o.discount = p.discount();
        o.tax = p.tax();
        o.platformFee = p.platformFee();
        o.deliveryFee = p.deliveryFee();
        o.total = p.total();
        o.currency = p.currency();
        o.createdAt = Time.now();
        o.updatedAt = o.createdAt;
        if (n.estimatedDeliveryMinutes() != null) {
            o.promisedDeliveryAt = o.createdAt.plus(Duration.ofMinutes(n.estimatedDeliveryMinutes()));
        }
        o.persistAndFlush();
        o.recordCreation();
        return state(o);
    }

    /** The order a customer's Idempotency-Key created, if any. */
    @Transactional
    public Optional<CheckoutState> findByIdempotencyKey(UUID customerId, String idempotencyKey) {
        return Order.byIdempotencyKey(customerId, idempotencyKey).map(OrderService::state);
    }

    @Transactional
    public Optional<CheckoutState> checkoutState(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(OrderService::state);
    }

    /**
     * Stores the order's PaymentIntent and its client secret. The same intent again is a no-op (a replayed
     * checkout); another one is refused, since one order has one intent.
     */
    @Transactional
    public CheckoutState attachIntent(UUID orderId, String paymentIntentId, String clientSecret) {
        Order o = existing(orderId);
        if (o.paymentIntentId == null) {
            o.paymentIntentId = paymentIntentId;
            o.clientSecret = clientSecret;
            o.updatedAt = Time.now();
        } else if (!o.paymentIntentId.equals(paymentIntentId)) {
            throw new IllegalStateException("Order " + orderId + " already has PaymentIntent " + o.paymentIntentId
                    + ", not " + paymentIntentId);
        }
        return state(o);
    }

    /**
     * The payment will not happen (the gateway refused or did not answer, or the card was declined): PAYMENT_FAILED.
     * False when the order is no longer PAYMENT_PENDING (nothing changes).
     */
    @Transactional
    public boolean markPaymentFailed(UUID orderId, String reason) {
        return endIfUnpaid(orderId, OrderStatus.PAYMENT_FAILED, reason, PAYMENT_FAILED);
    }

    /** An unpaid order is given up (its payment timed out): CANCELLED. False when no longer PAYMENT_PENDING. */
    @Transactional
    public boolean cancelUnpaid(UUID orderId, String reason) {
        return endIfUnpaid(orderId, OrderStatus.CANCELLED, reason, CANCELLED);
    }

    // ---- Cancellation and refunds (POST /orders/{orderId}/cancel, POST /admin/orders/{orderId}/refunds).

    /**
     * {@code POST /orders/{orderId}/cancel}: CANCELLED by its customer (before the restaurant accepts), its
     * restaurant's owner (after accepting, before pickup) or an admin (before delivery), with the refund that goes
     * with it. 404 for who cannot read the order, 403 for a reader outside their window, 409 when the order is
     * over. The order row is locked, so of two concurrent decisions one wins and the other meets the new state.
     */
    @Transactional
    public OrderView cancel(Caller caller, UUID orderId, CancelRequest request) {
        Order o = readable(caller, orderId, true);
        Actor by = Actor.of(caller);
        if (o.status.isFinal()) {
            o.status.requireMove(OrderStatus.CANCELLED, o.id);
        }
        Set<OrderStatus> window = caller.isAdmin() ? EnumSet.allOf(OrderStatus.class)
                : caller.userId().equals(o.customerId) ? CUSTOMER_CANCELS
                : caller.role() == Role.RESTAURANT_OWNER ? RESTAURANT_CANCELS : EnumSet.noneOf(OrderStatus.class);
        if (!window.contains(o.status)) {
            throw ProblemException.forbidden(caller.userId().equals(o.customerId)
                    ? "Order " + orderId + " is " + o.status + ": a customer may cancel only before the restaurant "
                            + "accepts; ask support"
                    : "Order " + orderId + " is " + o.status + ": the restaurant may cancel only after accepting "
                            + "and before pickup (rejecting is for an order not accepted yet)");
        }
        RefundAsk ask = request.refund();
        if (ask != null && !caller.isAdmin()) {
            throw ProblemException.invalid("refund", "only an admin chooses the refund; a cancellation by the "
                    + "customer or the restaurant is refunded in full");
        }
        String reason = request.reason().strip();
        cancelOrder(o, reason, by, ask == null ? new RefundAsk(RefundType.FULL, null) : ask);
        return full(o);
    }

    /**
     * The platform gives up a paid order (dispatch found no courier in time: reason {@link #DISPATCH_DEADLINE}):
     * CANCELLED with all of the charge back. False when the order is not paid, already on its way or over.
     */
    @Transactional
    public boolean cancelBySystem(UUID orderId, String reason) {
        Order o = Order.findById(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (o == null || o.paidAt == null || !CHARGED.contains(o.paymentStatus)
                || !SYSTEM_CANCELS.contains(o.status)) {
            return false;
        }
        cancelOrder(o, reason, Actor.SYSTEM, new RefundAsk(RefundType.FULL, null));
        return true;
    }

    /**
     * CANCELLED by {@code by}, with the refund asked (nothing for an order never charged), {@code order.cancelled}
     * naming who, why and the refund. An unpaid order is settled as expiry does (cart unlocked, promotion released)
     * and its intent cancelled after commit; should the customer pay it meanwhile, that payment is refunded.
     */
    private void cancelOrder(Order o, String reason, Actor by, RefundAsk ask) {
        BigDecimal refundable = refundable(o);
        BigDecimal amount = switch (ask.type()) {
            case NONE -> {
                if (ask.amount() != null) {
                    throw ProblemException.invalid("refund.amount", "only a PARTIAL refund takes an amount");
                }
                yield BigDecimal.ZERO;
            }
            case FULL -> {
                if (ask.amount() != null) {
                    throw ProblemException.invalid("refund.amount", "only a PARTIAL refund takes an amount");
                }
                yield refundable;
            }
            case PARTIAL -> requireRefundable(o, validAmount("refund.amount", ask.amount(), o.currency), refundable);
        };
        Map<String, Object> refund = new LinkedHashMap<>();
        refund.put("type", ask.type());
        refund.put("amount", amount);
        if (o.status == OrderStatus.PAYMENT_PENDING) {
            o.moveTo(OrderStatus.CANCELLED, PaymentStatus.FAILED, reason, by);
            publish(o, CANCELLED, "reason", reason, "cancelledBy", by, "refund", refund);
            settled.fire(new PaymentSettled(o.id, o.customerId, o.cartId, o.status, o.paymentIntentId));
            if (o.paymentIntentId != null) {
                intentsToCancel.fire(new IntentToCancel(o.id, o.paymentIntentId));
            }
            return;
        }
        boolean refunding = amount.signum() > 0;
        o.moveTo(OrderStatus.CANCELLED, refunding ? PaymentStatus.REFUND_PENDING : o.paymentStatus, reason, by);
        OrderRefund asked = refunding ? OrderRefund.request(o, amount, "cancelled: " + reason, by) : null;
        publish(o, CANCELLED, "reason", reason, "cancelledBy", by, "refund", refund, "refundId",
                asked == null ? null : asked.id, "paymentIntentId", o.paymentIntentId);
    }

    /**
     * {@code POST /admin/orders/{orderId}/refunds}: {@code amount} of the charge back (a missing dish), through the
     * durable refund process. The order row is locked while the refundable amount is checked and the refund
     * written, so concurrent refunds never add up to more than the charge: 409 {@code refund-exceeds-charge}.
     */
    @Transactional
    public OrderRefundView refund(Caller admin, UUID orderId, RefundRequest request) {
        Order o = Order.<Order>findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> notFound(orderId));
        BigDecimal amount = requireRefundable(o, validAmount("amount", request.amount(), o.currency), refundable(o));
        String reason = request.reason().strip();
        Actor by = Actor.of(admin);
        o.changePayment(PaymentStatus.REFUND_PENDING, "refund of " + amount.toPlainString() + " " + o.currency
                + " asked: " + reason, by);
        OrderRefund r = OrderRefund.request(o, amount, reason, by);
        publish(o, REFUND_REQUESTED, "refundId", r.id, "amount", amount, "reason", reason, "requestedBy", by,
                "paymentIntentId", o.paymentIntentId);
        return refundView(r, o.currency);
    }

    /** What may still go back: the charge less every refund asked and not refused; nothing if never charged. */
    private static BigDecimal refundable(Order o) {
        BigDecimal nothing = BigDecimal.ZERO.setScale(o.total.scale());
        if (!CHARGED.contains(o.paymentStatus)) {
            return nothing;
        }
        return o.total.subtract(OrderRefund.requested(o.id)).max(nothing);
    }

    private static BigDecimal validAmount(String field, BigDecimal amount, String currency) {
        if (amount == null) {
            throw ProblemException.invalid(field, "is required for a PARTIAL refund");
        }
        if (amount.signum() <= 0) {
            throw ProblemException.invalid(field, "must be more than 0");
        }
        try {
            MinorUnits.of(amount, currency);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(field, "must be exact in " + currency + " (at most its decimals)");
        }
        return amount;
    }

    private static BigDecimal requireRefundable(Order o, BigDecimal amount, BigDecimal refundable) {
        if (amount.compareTo(refundable) > 0) {
            throw new ProblemException(new Problem("refund-exceeds-charge", "Conflict", 409, "Order " + o.id
                    + " can have at most " + refundable.toPlainString() + " " + o.currency + " more refunded, not "
                    + amount.toPlainString(), null)
                    .with("refundable", refundable.toPlainString()).with("currency", o.currency)
                    .with("orderId", o.id.toString()));
        }
        return amount;
    }

    /**
     * A refund is over (the refund process or the gateway's event, in its transaction): SUCCEEDED or FAILED, the
     * order's payment status recomputed from its refunds, {@code order.payment.refunded} for money that went back.
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
            publish(o, REFUNDED, "paymentIntentId", o.paymentIntentId, "refundId", r.id, "gatewayRefundId",
                    r.gatewayRefundId, "amount", r.amount);
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
    public void refundChanged(RefundEvent event) {
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
    public void chargeRefunded(RefundEvent.ChargeRefunded event) {
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

    /**
     * {@code GET /admin/restaurants/{restaurantId}/cancellations}: of the restaurant's orders paid in the last
     * {@code days} days, how many its owner cancelled (the history says who cancelled).
     */
    @Transactional
    public CancellationRate cancellationRate(UUID restaurantId, int days) {
        if (restaurants.find(restaurantId).isEmpty()) {
            throw ProblemException.notFound("Restaurant", restaurantId);
        }
        Instant to = Time.now();
        Instant from = to.minus(Duration.ofDays(days));
        Object[] row = (Object[]) Order.getEntityManager().createNativeQuery(
                "select count(*), count(*) filter (where exists (select 1 from order_status_history h "
                        + "where h.order_id = o.id and h.to_status = 'CANCELLED' and h.from_status <> 'CANCELLED' "
                        + "and h.actor like 'RESTAURANT:%')) "
                        + "from orders o where o.restaurant_id = :r and o.paid_at >= :from and o.paid_at < :to")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        long paid = ((Number) row[0]).longValue();
        long cancelled = ((Number) row[1]).longValue();
        BigDecimal rate = paid == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(cancelled).divide(BigDecimal.valueOf(paid), 4, RoundingMode.HALF_EVEN);
        return new CancellationRate(restaurantId, "P" + days + "D", from, to, paid, cancelled, rate);
    }

    /**
     * {@code GET /admin/restaurants/{restaurantId}/stats}: preparation, promised and actual delivery times of the
     * restaurant's orders delivered in the last {@code days} days, and how far the promises were off
     * ({@link OrderApi.DeliveryStats}); one query, the percentiles PostgreSQL's (continuous, interpolated).
     */
    @Transactional
    public OrderApi.DeliveryStats deliveryStats(UUID restaurantId, int days) {
        if (restaurants.find(restaurantId).isEmpty()) {
            throw ProblemException.notFound("Restaurant", restaurantId);
        }
        Instant to = Time.now();
        Instant from = to.minus(Duration.ofDays(days));
        String prep = "extract(epoch from (picked_up_at - accepted_at)) / 60";
        String promised = "extract(epoch from (promised_delivery_at - created_at)) / 60";
        String actual = "extract(epoch from (delivered_at - created_at)) / 60";
        String error = "extract(epoch from (delivered_at - promised_delivery_at)) / 60";
        Object[] row = (Object[]) Order.getEntityManager().createNativeQuery("select count(*), "
                + "percentile_cont(0.5) within group (order by " + prep + "), "
                + "percentile_cont(0.9) within group (order by " + prep + "), "
                + "count(promised_delivery_at), "
                + "percentile_cont(0.5) within group (order by " + promised + "), "
                + "percentile_cont(0.5) within group (order by " + actual + ") "
                + "filter (where promised_delivery_at is not null), "
                + "avg(abs(" + error + ")), avg(" + error + "), "
                + "avg(case when delivered_at > promised_delivery_at then 1.0 else 0.0 end) "
                + "filter (where promised_delivery_at is not null) "
                + "from orders where restaurant_id = :r and delivered_at >= :from and delivered_at <= :to")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        return new OrderApi.DeliveryStats(restaurantId, "P" + days + "D", from, to, ((Number) row[0]).longValue(),
                minutes(row[1]), minutes(row[2]), ((Number) row[3]).longValue(), minutes(row[4]), minutes(row[5]),
                minutes(row[6]), minutes(row[7]), row[8] == null ? null
                        : new BigDecimal(row[8].toString()).setScale(4, RoundingMode.HALF_EVEN));
    }

    /** Minutes to 0.1 (null stays null: nothing to measure). */
    private static BigDecimal minutes(Object value) {
        return value == null ? null : new BigDecimal(value.toString()).setScale(1, RoundingMode.HALF_EVEN);
    }

    /** {@code GET /admin/payments/mismatches}: newest first. */
    @Transactional
    public PaymentMismatchPage mismatches(int page, int size) {
        var query = PaymentMismatch.<PaymentMismatch>findAll(Sort.by("receivedAt").descending().and("id"));
        List<PaymentMismatchView> items = query.page(Page.of(page, size)).list().stream()
                .map(m -> new PaymentMismatchView(m.id, m.eventId, m.paymentIntentId, m.orderId, m.expectedAmount,
                        m.receivedAmount, m.expectedCurrency, m.receivedCurrency, m.livemode, m.detail, m.receivedAt))
                .toList();
        return new PaymentMismatchPage(items, page, size, query.count());
    }

    /**
     * Whether the payment the event reports is the order's: its amount, its currency, and the gateway's mode. If
     * not, it is recorded for admins (and logged) and must change nothing.
     */
    private boolean matches(Order o, PaymentEvent event) {
        long expected = MinorUnits.of(o.total, o.currency);
        List<String> wrong = new java.util.ArrayList<>();
        if (event.amountMinor() != expected) {
            wrong.add("amount " + event.amountMinor() + " instead of " + expected);
        }
        if (event.currency() == null || !event.currency().equalsIgnoreCase(o.currency)) {
            wrong.add("currency " + event.currency() + " instead of " + o.currency.toLowerCase(java.util.Locale.ROOT));
        }
        if (event.livemode() != payments.livemode()) {
            wrong.add("livemode " + event.livemode() + " instead of " + payments.livemode());
        }
        if (wrong.isEmpty()) {
            return true;
        }
        PaymentMismatch m = new PaymentMismatch();
        m.id = UUID.randomUUID();
        m.eventId = event.eventId();
        m.paymentIntentId = event.paymentIntentId();
        m.orderId = o.id;
        m.expectedAmount = expected;
        m.receivedAmount = event.amountMinor();
        m.expectedCurrency = o.currency;
        m.receivedCurrency = event.currency() == null || event.currency().length() > 3 ? null : event.currency();
        m.livemode = event.livemode();
        m.detail = String.join("; ", wrong);
        m.receivedAt = Time.now();
        m.persist();
        LOG.warnf("Payment %s (event %s) does not match order %s: %s; nothing changed, listed in "
                + "GET /admin/payments/mismatches", event.paymentIntentId(), event.eventId(), o.id, m.detail);
        return false;
    }

    private static OrderRefundView refundView(OrderRefund r, String currency) {
        return new OrderRefundView(r.id, r.amount, currency, r.status, r.reason, Actor.parse(r.actor),
                r.gatewayRefundId, r.createdAt);
    }

    private boolean endIfUnpaid(UUID orderId, OrderStatus target, String reason, String eventType) {
        Order o = existing(orderId);
        if (o.status != OrderStatus.PAYMENT_PENDING) {
            return false;
        }
        endUnpaid(o, target, reason, eventType);
        return true;
    }

    /**
     * PAYMENT_PENDING orders created before {@code cutoff}, oldest first, for the expiry route; after {@code after}
     * (the last one of the previous page, or null), so that orders that cannot be ended yet never hide the others.
     */
    @Transactional
    public List<CheckoutState> paymentPendingBefore(Instant cutoff, CheckoutState after, int limit) {
        var query = after == null
                ? Order.<Order>find("status = ?1 and createdAt < ?2", Sort.by("createdAt").and("id"),
                        OrderStatus.PAYMENT_PENDING, cutoff)
                : Order.<Order>find("status = ?1 and createdAt < ?2 and (createdAt > ?3 or (createdAt = ?3 and id > ?4))",
                        Sort.by("createdAt").and("id"), OrderStatus.PAYMENT_PENDING, cutoff, after.createdAt(),
                        after.orderId());
        return query.page(Page.ofSize(limit)).list().stream().map(OrderService::state).toList();
    }

    /**
     * The gateway says the intent succeeded (the webhook's transaction). A PAYMENT_PENDING order is paid:
     * PENDING_RESTAURANT_ACCEPTANCE, {@code order.payment.success} published, the cart cleared after commit. An
     * order that was given up meanwhile (PAYMENT_FAILED, CANCELLED) had its cart and promotion released, so the
     * money goes back (refunded). A success already applied, or for an intent no order has, is only logged.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentSucceeded(String paymentIntentId, PaymentEvent event) {
        Optional<Order> found = forIntent(paymentIntentId, event);
        if (found.isEmpty()) {
            LOG.warnf("Payment %s succeeded (event %s) but no order has this intent; ignored", paymentIntentId,
                    event.eventId());
            return;
        }
        Order o = found.get();
        if (!matches(o, event)) {
            return;
        }
        switch (o.status) {
            case PAYMENT_PENDING -> {
                o.moveTo(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE, PaymentStatus.SUCCEEDED,
                        "payment succeeded (" + event.eventId() + ")", Actor.SYSTEM);
                o.paidAt = o.updatedAt;
                publish(o, PAID, "paymentIntentId", paymentIntentId, "paidAt", o.paidAt);
                settled.fire(new PaymentSettled(o.id, o.customerId, o.cartId, o.status, o.paymentIntentId));
            }
            case PAYMENT_FAILED, CANCELLED -> {
                if (CHARGED.contains(o.paymentStatus)) {
                    return;
                }
                // The one way money goes back: REFUND_PENDING and a durable refund, attempted by the refund sweep
                // (OrderRefunds) shortly after this commits, retried until the gateway has done it.
                LOG.warnf("Payment %s succeeded for order %s, which is %s: refund requested", paymentIntentId, o.id,
                        o.status);
                if (o.paymentIntentId == null) {
                    o.paymentIntentId = paymentIntentId;
                }
                o.changePayment(PaymentStatus.REFUND_PENDING, "paid after it ended (" + event.eventId()
                        + "); refund requested", Actor.SYSTEM);
                OrderRefund.request(o, o.total, "paid after the order ended", Actor.SYSTEM);
            }
            default -> LOG.infof("Payment %s succeeded again (event %s); order %s is already %s", paymentIntentId,
                    event.eventId(), o.id, o.status);
        }
    }

    /**
     * The gateway says the intent's payment failed. A PAYMENT_PENDING order becomes PAYMENT_FAILED (the cart is
     * unlocked for a new checkout); any other order is left alone: a late failure never undoes a success.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void paymentFailed(String paymentIntentId, PaymentEvent event) {
        Optional<Order> found = forIntent(paymentIntentId, event);
        if (found.isEmpty()) {
            LOG.warnf("Payment %s failed (event %s) but no order has this intent; ignored", paymentIntentId,
                    event.eventId());
            return;
        }
        Order o = found.get();
        if (o.status != OrderStatus.PAYMENT_PENDING) {
            LOG.infof("Payment %s failed (event %s) but order %s is already %s; ignored", paymentIntentId,
                    event.eventId(), o.id, o.status);
            return;
        }
        String why = event.failureCode() == null ? "payment failed" : "payment failed: " + event.failureCode();
        endUnpaid(o, OrderStatus.PAYMENT_FAILED, why + " (" + event.eventId() + ")", PAYMENT_FAILED);
    }

    /** {@code GET /orders/{id}/status}. */
    @Transactional
    public StatusView status(Caller caller, UUID orderId) {
        Order o = readable(caller, orderId);
        return new StatusView(o.id, o.status, o.paymentStatus, o.updatedAt);
    }

    /** {@code GET /orders/{id}}. */
    @Transactional
    public OrderView get(Caller caller, UUID orderId) {
        return full(readable(caller, orderId));
    }

    /** {@code GET /orders}: the orders the caller placed, newest first. */
    @Transactional
    public OrderPage mine(Caller caller, int page, int size) {
        var query = Order.<Order>find("customerId", Sort.by("createdAt").descending().and("id").descending(),
                caller.userId());
        List<OrderView> items = query.page(Page.of(page, size)).list().stream().map(o -> view(o, null)).toList();
        return new OrderPage(items, page, size, query.count());
    }

    // ---- The restaurant's decision (POST /restaurants/{restaurantId}/orders/{orderId}/...), the acceptance
    // timeout, the refund's outcome. Only paid orders are the restaurant's business: one never paid is a 404.

    /** The restaurant takes the order: ACCEPTED, ready in {@code prepTimeMinutes} (else the restaurant's usual). */
    @Transactional
    public OrderView accept(Caller caller, UUID restaurantId, UUID orderId, Integer prepTimeMinutes) {
        RestaurantView restaurant = restaurants.requireOwned(restaurantId, caller);
        Order o = restaurantOrder(restaurantId, orderId);
        int prep = prepTimeMinutes != null ? prepTimeMinutes : restaurant.prepTimeMinutes();
        o.moveTo(OrderStatus.ACCEPTED, o.paymentStatus, "accepted by the restaurant, ready in " + prep + " min",
                Actor.of(caller));
        o.prepTimeMinutes = prep;
        o.acceptedAt = o.updatedAt;
        o.estimatedReadyAt = o.updatedAt.plus(Duration.ofMinutes(prep));
        publish(o, CONFIRMED, "prepTimeMinutes", prep, "estimatedReadyAt", o.estimatedReadyAt);
        return full(o);
    }

    /** The restaurant refuses the order: REJECTED and the payment REFUND_PENDING, the refund follows. */
    @Transactional
    public OrderView reject(Caller caller, UUID restaurantId, UUID orderId, String reason) {
        restaurants.requireOwned(restaurantId, caller);
        Order o = restaurantOrder(restaurantId, orderId);
        rejectPaid(o, reason.strip(), Actor.of(caller));
        return full(o);
    }

    /** The restaurant moves the order on; for now only to IN_PREPARATION (couriers take it from there). */
    @Transactional
    public OrderView moveOn(Caller caller, UUID restaurantId, UUID orderId, OrderStatus target) {
        if (target != OrderStatus.IN_PREPARATION) {
            throw ProblemException.invalid("status", "must be IN_PREPARATION: ACCEPTED and REJECTED have their "
                    + "own endpoints (accept, reject), and couriers move an order OUT_FOR_DELIVERY and DELIVERED");
        }
        restaurants.requireOwned(restaurantId, caller);
        Order o = restaurantOrder(restaurantId, orderId);
        o.moveTo(OrderStatus.IN_PREPARATION, o.paymentStatus, "preparation started by the restaurant",
                Actor.of(caller));
        publish(o, PREPARING, "prepTimeMinutes", o.prepTimeMinutes, "estimatedReadyAt", o.estimatedReadyAt);
        return full(o);
    }

    /**
     * {@code GET /restaurants/{restaurantId}/orders}: the restaurant's paid orders, newest first, in any of
     * {@code statuses} (all when empty).
     */
    @Transactional
    public OrderPage forRestaurant(Caller caller, UUID restaurantId, Set<OrderStatus> statuses, int page, int size) {
        restaurants.requireOwned(restaurantId, caller);
        Sort newestFirst = Sort.by("createdAt").descending().and("id").descending();
        var query = statuses.isEmpty()
                ? Order.<Order>find("restaurantId = ?1 and paidAt is not null", newestFirst, restaurantId)
                : Order.<Order>find("restaurantId = ?1 and paidAt is not null and status in ?2", newestFirst,
                        restaurantId, statuses);
        List<OrderView> items = query.page(Page.of(page, size)).list().stream().map(o -> view(o, null)).toList();
        return new OrderPage(items, page, size, query.count());
    }

    /**
     * The acceptance timeout ({@code order-acceptance-timeout}): every paid order still waiting for a decision
     * {@code dabba.orders.acceptance-timeout} after its payment is rejected with reason {@code restaurant-timeout},
     * as a rejection by the restaurant would (refund included). Each order in its own transaction, oldest first;
     * one the restaurant decides at the same moment is left to that decision. Answers how many were rejected.
     */
    public int rejectUnanswered(Instant now) {
        Instant cutoff = now.minus(config.acceptanceTimeout());
        List<UUID> overdue = QuarkusTransaction.requiringNew().call(() -> Order.<Order>find(
                "status = ?1 and paidAt < ?2", Sort.by("paidAt").and("id"),
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE, cutoff).page(Page.ofSize(TIMEOUT_BATCH)).list().stream()
                .map(o -> o.id).toList());
        int rejected = 0;
        for (UUID orderId : overdue) {
            try {
                if (QuarkusTransaction.requiringNew().call(() -> rejectIfUnanswered(orderId, cutoff))) {
                    rejected++;
                }
            } catch (RuntimeException e) {
                LOG.infof("Order %s was not rejected for the timeout (%s); a decision came at the same time",
                        orderId, e.toString());
            }
        }
        if (rejected > 0) {
            LOG.infof("Rejected %d orders the restaurant did not answer within %s", rejected,
                    config.acceptanceTimeout());
        }
        return rejected;
    }

    private boolean rejectIfUnanswered(UUID orderId, Instant cutoff) {
        Order o = existing(orderId);
        if (o.status != OrderStatus.PENDING_RESTAURANT_ACCEPTANCE || o.paidAt == null || !o.paidAt.isBefore(cutoff)) {
            return false;
        }
        rejectPaid(o, RESTAURANT_TIMEOUT, Actor.SYSTEM);
        return true;
    }

    /** REJECTED with the money on its way back, in one transaction: the refund row, the event. */
    private void rejectPaid(Order o, String reason, Actor by) {
        o.moveTo(OrderStatus.REJECTED, PaymentStatus.REFUND_PENDING, reason, by);
        OrderRefund.request(o, refundable(o), "rejected: " + reason, by);
        publish(o, REJECTED, "reason", reason, "paymentIntentId", o.paymentIntentId);
    }

    /** A paid order of this restaurant; 404 for another restaurant's or one never paid. */
    private static Order restaurantOrder(UUID restaurantId, UUID orderId) {
        return Order.<Order>findByIdOptional(orderId)
                .filter(o -> restaurantId.equals(o.restaurantId) && o.paidAt != null)
                .orElseThrow(() -> notFound(orderId));
    }

    /** After an unpaid order's cancellation committed: its intent is cancelled, so that it cannot be paid later. */
    void onIntentToCancel(@Observes(during = TransactionPhase.AFTER_SUCCESS) IntentToCancel c) {
        try {
            gateway.cancelIntent(c.paymentIntentId());
        } catch (RuntimeException e) {
            LOG.infof("Could not cancel PaymentIntent %s of cancelled order %s (%s); a late payment is refunded",
                    c.paymentIntentId(), c.orderId(), e.getMessage());
        }
    }

    /** After an unpaid order's end committed: its intent is cancelled (the cart: {@link OrderCarts}). */
    void onSettled(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentSettled s) {
        if (s.status() == OrderStatus.PAYMENT_FAILED && s.paymentIntentId() != null) {
            // A failed order is over: its intent must not be paid later by another attempt on it.
            try {
                gateway.cancelIntent(s.paymentIntentId());
            } catch (PaymentGatewayException e) {
                LOG.infof("Could not cancel PaymentIntent %s of failed order %s (%s); a late payment is refunded",
                        s.paymentIntentId(), s.orderId(), e.getMessage());
            }
        }
    }

    private void endUnpaid(Order o, OrderStatus target, String reason, String eventType) {
        o.moveTo(target, PaymentStatus.FAILED, reason, Actor.SYSTEM);
        publish(o, eventType, "reason", reason);
        settled.fire(new PaymentSettled(o.id, o.customerId, o.cartId, o.status, o.paymentIntentId));
    }

    /** The order by the event's intent, else by the order id in its metadata (if that order has no other intent). */
    private static Optional<Order> forIntent(String paymentIntentId, PaymentEvent event) {
        Optional<Order> byIntent = Order.byPaymentIntent(paymentIntentId);
        if (byIntent.isPresent()) {
            return byIntent;
        }
        return event.orderId().flatMap(id -> Order.<Order>findByIdOptional(id))
                .filter(o -> o.paymentIntentId == null || o.paymentIntentId.equals(paymentIntentId));
    }

    /** The order if the caller may read it: its customer, its restaurant's owner, an admin; 404 for others. */
    Order readable(Caller caller, UUID orderId) {
        return readable(caller, orderId, false);
    }

    /** The same, the row locked for a change when {@code forUpdate}. */
    private Order readable(Caller caller, UUID orderId, boolean forUpdate) {
        Order o = (forUpdate ? Order.<Order>findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE)
                : Order.<Order>findByIdOptional(orderId)).orElseThrow(() -> notFound(orderId));
        if (caller.userId().equals(o.customerId) || caller.isAdmin()) {
            return o;
        }
        if (caller.role() == Role.RESTAURANT_OWNER && restaurants.find(o.restaurantId)
                .map(r -> caller.userId().equals(r.ownerId())).orElse(false)) {
            return o;
        }
        throw notFound(orderId);
    }

    private static Order existing(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).orElseThrow(() -> notFound(orderId));
    }

    private static ProblemException notFound(UUID orderId) {
        return ProblemException.notFound("Order", orderId);
    }

    /**
     * The one way an order's event is written: the order flushed first, so that a concurrent change (optimistic
     * locking) fails in this call, as a 409 concurrent-update, before anything is published; then its event with
     * the whole order ({@link #eventData}) and the type's extras, given as name, value pairs.
     */
    private void publish(Order o, String type, Object... extras) {
        Order.flush();
        Map<String, Object> data = eventData(o);
        for (int i = 0; i < extras.length; i += 2) {
            data.put((String) extras[i], extras[i + 1]);
        }
        outbox.publish(EVENTS, o.id, type, data);
    }

    private Map<String, Object> eventData(Order o) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", o.id);
        data.put("restaurantId", o.restaurantId);
        data.put("customerId", o.customerId);
        data.put("status", o.status);
        data.put("paymentStatus", o.paymentStatus);
        data.put("total", o.total);
        data.put("deliveryFee", o.deliveryFee);
        data.put("courierId", o.courierId);
        data.put("currency", o.currency);
        data.put("items", lines(o));
        data.put("deliveryAddress", read(o.deliveryAddress, DeliveryAddress.class));
        data.put("refunds", OrderRefund.of(o.id).stream().map(r -> refundView(r, o.currency)).toList());
        data.put("placedAt", o.createdAt);
        data.put("updatedAt", o.updatedAt);
        return data;
    }

    /** The order with its history, as GET /orders/{id} answers it. */
    private OrderView full(Order o) {
        return view(o, OrderTransition.of(o.id).stream()
                .map(t -> new TransitionView(t.fromStatus, t.toStatus, t.paymentStatus, t.reason,
                        Actor.parse(t.actor), t.at)).toList(),
                OrderRefund.of(o.id).stream().map(r -> refundView(r, o.currency)).toList());
    }

    private OrderView view(Order o, List<TransitionView> history) {
        return view(o, history, null);
    }

    private OrderView view(Order o, List<TransitionView> history, List<OrderRefundView> refunds) {
        return new OrderView(o.id, o.customerId, o.restaurantId, o.cartId, o.status, o.paymentStatus,
                o.paymentMethod, o.paymentIntentId, o.promoCode, lines(o), read(o.deliveryAddress, DeliveryAddress.class),
                o.distanceKm, new Pricing(o.subtotal, o.discount, o.tax, o.platformFee, o.deliveryFee, o.total,
                        o.currency), history, o.createdAt, o.updatedAt, o.paidAt, o.prepTimeMinutes,
                o.estimatedReadyAt, refunds, o.promisedDeliveryAt, o.pickedUpAt, o.deliveredAt);
    }

    static CheckoutState state(Order o) {
        return new CheckoutState(o.id, o.cartId, o.status, o.paymentStatus, o.paymentMethod, o.paymentIntentId,
                o.clientSecret, o.total, o.currency, o.createdAt);
    }

    private List<OrderLine> lines(Order o) {
        try {
            return mapper.readValue(o.items, LINES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable items of order " + o.id, e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable order JSON", e);
        }
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The restaurant's paid orders waiting for its decision (PENDING_RESTAURANT_ACCEPTANCE), oldest first: what
     * its dashboard shows on connect. No caller check: the dashboard's handshake has checked the owner.
     */
    @Transactional
    public List<OrderView> awaitingDecision(UUID restaurantId) {
        return Order.<Order>find("restaurantId = ?1 and status = ?2", Sort.by("createdAt").and("id"), restaurantId,
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE).list().stream().map(o -> view(o, null)).toList();
    }

    /**
     * Who placed {@code orderId}, if it exists: for features that decide access themselves, e.g. the customer's
     * live socket (notification), which must not read the orders table.
     */
    @Transactional
    public Optional<UUID> customerOf(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(o -> o.customerId);
    }

    // ---- Delivery (org.dabba.delivery calls these; the order keeps its state, delivery keeps the couriers).

    private static final Set<OrderStatus> ASSIGNABLE = Set.of(OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION);
    /** A courier's order until it is delivered. */
    private static final Set<OrderStatus> CARRIED = Set.of(OrderStatus.ACCEPTED, OrderStatus.IN_PREPARATION,
            OrderStatus.OUT_FOR_DELIVERY);

    /** The order as its delivery sees it. */
    @Transactional
    public Optional<DeliveryView> delivery(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(this::deliveryView);
    }

    /**
     * Gives the delivery to {@code courierId} if nobody has it yet: ONE conditional update (courier still null,
     * the order ACCEPTED or IN_PREPARATION), so that of any number of concurrent callers, on any instances, exactly
     * one wins (PostgreSQL re-checks the condition on the row a concurrent winner committed). The version moves
     * on, so a concurrent change of the loaded order conflicts instead of writing the courier back to null. The
     * winner's transaction publishes {@code order.deliverypartner.assigned}. False: someone else has it, or the
     * order is past (or not yet at) the point where a courier can take it.
     */
    @Transactional
    public boolean assignCourier(UUID orderId, UUID courierId) {
        return assignCourier(orderId, courierId, Actor.courier(courierId));
    }

    /** The same, decided by {@code by}: the courier accepting an offer, or an admin giving it to them. */
    @Transactional
    public boolean assignCourier(UUID orderId, UUID courierId, Actor by) {
        Instant now = Time.now();
        int won = Order.update("courierId = ?1, courierAssignedAt = ?2, updatedAt = ?2, version = version + 1 "
                + "where id = ?3 and courierId is null and status in ?4", courierId, now, orderId, ASSIGNABLE);
        if (won == 0) {
            return false;
        }
        Order o = existing(orderId);
        o.note(by.kind() == Actor.Kind.COURIER ? "courier assigned" : "courier " + courierId + " assigned", by);
        publish(o, COURIER_ASSIGNED, "courierId", courierId);
        return true;
    }

    /**
     * The delivery goes back to dispatch before pickup (the courier hands it back, an admin re-dispatches it, or
     * the courier did not come): courier_id cleared by ONE conditional update (still this courier, not picked
     * up), so a pickup at the same moment either wins or loses whole; a history note by {@code by} (no new
     * status), and {@code order.deliverypartner.released} with the courier and the reason. 403 when the order is
     * not this courier's, 409 {@code picked-up} once it is on its way or over.
     */
    @Transactional
    public DeliveryView releaseCourier(UUID orderId, UUID courierId, String reason, Actor by) {
        int released = Order.update("courierId = null, courierAssignedAt = null, updatedAt = ?1, "
                + "version = version + 1 where id = ?2 and courierId = ?3 and status in ?4", Time.now(), orderId,
                courierId, ASSIGNABLE);
        Order o = existing(orderId);
        if (released == 0) {
            if (!courierId.equals(o.courierId)) {
                throw ProblemException.forbidden("Order " + orderId + " is not your delivery");
            }
            throw ProblemException.conflict("picked-up", "Order " + orderId + " is " + o.status
                    + "; a delivery can be handed back only before pickup");
        }
        o.note("courier released: " + reason, by);
        publish(o, COURIER_RELEASED, "courierId", courierId, "reason", reason);
        return deliveryView(o);
    }

    /**
     * Paid orders waiting for a courier (ACCEPTED or IN_PREPARATION, nobody assigned), longest waiting first:
     * what the dispatch sweep checks against Redis, so an order whose matching was lost is found again.
     */
    @Transactional
    public List<DeliveryView> awaitingCourier(int limit) {
        return Order.<Order>find("courierId is null and status in ?1", Sort.by("acceptedAt").and("id"), ASSIGNABLE)
                .page(Page.ofSize(limit)).list().stream().map(this::deliveryView).toList();
    }

    /**
     * Assigned orders not picked up although the food has been ready (said ready, else due by the restaurant's
     * prep time) since before {@code cutoff}, and their courier took them before it too: no-shows.
     */
    @Transactional
    public List<DeliveryView> notPickedUp(Instant cutoff, int limit) {
        return Order.<Order>find("courierId is not null and status in ?1 and courierAssignedAt < ?2 "
                + "and coalesce(readyAt, estimatedReadyAt) < ?2", Sort.by("courierAssignedAt").and("id"),
                ASSIGNABLE, cutoff).page(Page.ofSize(limit)).list().stream().map(this::deliveryView).toList();
    }

    /** The delivery a courier has now (taken, not yet delivered), if any. */
    @Transactional
    public Optional<DeliveryView> deliveryOf(UUID courierId) {
        return Order.<Order>find("courierId = ?1 and status in ?2", Sort.by("courierAssignedAt").descending(),
                courierId, CARRIED).firstResultOptional().map(this::deliveryView);
    }

    /** The assigned courier has the food: OUT_FOR_DELIVERY. 403 for another courier, 409 in a wrong state. */
    @Transactional
    public DeliveryView pickedUp(UUID courierId, UUID orderId) {
        return courierMoves(courierId, orderId, OrderStatus.OUT_FOR_DELIVERY, "picked up by the courier",
                DELIVERY_STARTED);
    }

    /** The assigned courier handed the food over: DELIVERED. 403 for another courier, 409 in a wrong state. */
    @Transactional
    public DeliveryView delivered(UUID courierId, UUID orderId) {
        return courierMoves(courierId, orderId, OrderStatus.DELIVERED, "delivered by the courier", DELIVERED);
    }

    private DeliveryView courierMoves(UUID courierId, UUID orderId, OrderStatus target, String reason,
            String eventType) {
        Order o = couriersOrder(courierId, orderId);
        o.moveTo(target, o.paymentStatus, reason, Actor.courier(courierId));
        if (target == OrderStatus.OUT_FOR_DELIVERY) {
            o.pickedUpAt = o.updatedAt;
            pickups.fire(new PrepEstimates.PickedUp(o.restaurantId));
        } else if (target == OrderStatus.DELIVERED) {
            o.deliveredAt = o.updatedAt;
        }
        publish(o, eventType, "courierId", courierId);
        return deliveryView(o);
    }

    /** Nobody took the delivery after every round of offers: {@code order.delivery.delayed} (the customer is told). */
    @Transactional
    public void deliveryDelayed(UUID orderId, int rounds) {
        Order o = existing(orderId);
        if (o.courierId != null || !ASSIGNABLE.contains(o.status)) {
            return;
        }
        publish(o, DELIVERY_DELAYED, "rounds", rounds);
    }

    /**
     * {@code POST /restaurants/{restaurantId}/orders/{orderId}/ready}: the food waits for its courier (a flag, not
     * a state: the order stays ACCEPTED or IN_PREPARATION until picked up). Again: the same answer, no new event.
     */
    @Transactional
    public OrderView readyForPickup(Caller caller, UUID restaurantId, UUID orderId) {
        restaurants.requireOwned(restaurantId, caller);
        Order o = restaurantOrder(restaurantId, orderId);
        if (!ASSIGNABLE.contains(o.status)) {
            throw ProblemException.conflict("not-in-preparation", "Order " + orderId + " is " + o.status
                    + "; only an ACCEPTED or IN_PREPARATION order can be ready for pickup");
        }
        if (o.readyAt == null) {
            o.readyAt = Time.now();
            o.updatedAt = o.readyAt;
            publish(o, READY_FOR_PICKUP, "readyAt", o.readyAt, "courierId", o.courierId);
        }
        return full(o);
    }

    private static Order couriersOrder(UUID courierId, UUID orderId) {
        Order o = existing(orderId);
        if (!courierId.equals(o.courierId)) {
            throw ProblemException.forbidden("Order " + orderId + " is not your delivery");
        }
        return o;
    }

    private DeliveryView deliveryView(Order o) {
        DeliveryAddress a = read(o.deliveryAddress, DeliveryAddress.class);
        return new DeliveryView(o.id, o.customerId, o.restaurantId, o.status, o.courierId, a.latitude(),
                a.longitude(), o.readyAt, o.acceptedAt, o.estimatedReadyAt, o.courierAssignedAt, o.deliveryFee,
                o.currency, lines(o), a);
    }
}
