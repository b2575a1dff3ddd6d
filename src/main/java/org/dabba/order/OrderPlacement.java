package org.dabba.order;

import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.dabba.order.OrderBodies.CheckoutState;
import org.dabba.order.OrderBodies.NewOrder;
import org.dabba.order.OrderBodies.PaymentSettled;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderPaymentFailed;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.payment.PaymentGateway;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.jboss.logging.Logger;

/** Placing an order, for checkout: created PAYMENT_PENDING, given its PaymentIntent, ended if never paid. */
@ApplicationScoped
public class OrderPlacement {

    private static final Logger LOG = Logger.getLogger(OrderPlacement.class);

    @Inject
    OrderChanges changes;

    @Inject
    PaymentGateway gateway;

    @Inject
    Event<PaymentSettled> settled;

    @Inject
    Event<IntentToCancel> intentsToCancel;

    /** An unpaid order ended: its intent is cancelled at the gateway once that has committed. */
    record IntentToCancel(UUID orderId, String paymentIntentId) {
    }

    /** Creates the order in checkout's transaction, flushed so a duplicate Idempotency-Key is refused here. */
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
        o.items = Json.write(n.items());
        o.deliveryAddress = Json.write(n.deliveryAddress());
        o.distanceKm = n.distanceKm();
        PriceBreakdown p = n.pricing();
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
        return OrderViews.state(o);
    }

    /** The order a customer's Idempotency-Key created, if any. */
    @Transactional
    public Optional<CheckoutState> findByIdempotencyKey(UUID customerId, String idempotencyKey) {
        return Order.byIdempotencyKey(customerId, idempotencyKey).map(OrderViews::state);
    }

    @Transactional
    public Optional<CheckoutState> checkoutState(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(OrderViews::state);
    }

    /** Stores the order's intent; the same again is a no-op (a replay), another one refused: one order, one intent. */
    @Transactional
    public CheckoutState attachIntent(UUID orderId, String paymentIntentId, String clientSecret) {
        Order o = OrderChanges.existing(orderId);
        if (o.paymentIntentId == null) {
            o.paymentIntentId = paymentIntentId;
            o.clientSecret = clientSecret;
            o.updatedAt = Time.now();
        } else if (!o.paymentIntentId.equals(paymentIntentId)) {
            throw new IllegalStateException("Order " + orderId + " already has PaymentIntent " + o.paymentIntentId
                    + ", not " + paymentIntentId);
        }
        return OrderViews.state(o);
    }

    /** The payment will not happen: PAYMENT_FAILED; false when no longer PAYMENT_PENDING. */
    @Transactional
    public boolean markPaymentFailed(UUID orderId, String reason) {
        return endIfUnpaid(orderId, OrderStatus.PAYMENT_FAILED, reason);
    }

    /** An unpaid order is given up (its payment timed out): CANCELLED. False when no longer PAYMENT_PENDING. */
    @Transactional
    public boolean cancelUnpaid(UUID orderId, String reason) {
        return endIfUnpaid(orderId, OrderStatus.CANCELLED, reason);
    }

    /**
     * PAYMENT_PENDING orders created before {@code cutoff}, oldest first, after {@code after} (the previous page's
     * last), so that orders that cannot be ended yet never hide the others.
     */
    @Transactional
    public List<CheckoutState> paymentPendingBefore(Instant cutoff, CheckoutState after, int limit) {
        var query = after == null
                ? Order.<Order>find("status = ?1 and createdAt < ?2", Sort.by("createdAt").and("id"),
                        OrderStatus.PAYMENT_PENDING, cutoff)
                : Order.<Order>find("status = ?1 and createdAt < ?2 and (createdAt > ?3 or (createdAt = ?3 and id > ?4))",
                        Sort.by("createdAt").and("id"), OrderStatus.PAYMENT_PENDING, cutoff, after.createdAt(),
                        after.orderId());
        return query.page(Page.ofSize(limit)).list().stream().map(OrderViews::state).toList();
    }

    private boolean endIfUnpaid(UUID orderId, OrderStatus target, String reason) {
        Order o = OrderChanges.existing(orderId);
        if (o.status != OrderStatus.PAYMENT_PENDING) {
            return false;
        }
        endUnpaid(o, target, reason, Actor.SYSTEM, target == OrderStatus.PAYMENT_FAILED,
                s -> target == OrderStatus.CANCELLED ? new OrderCancelled(s, reason, null, null, null, null)
                        : new OrderPaymentFailed(s, reason));
        return true;
    }

    /**
     * An unpaid order ends (PAYMENT_FAILED or CANCELLED), saying so with {@code event}: what it held is let go once
     * that has committed, and its intent cancelled then when {@code cancelIntent} (the expiry cancels it first).
     */
    void endUnpaid(Order o, OrderStatus target, String reason, Actor by, boolean cancelIntent,
            Function<OrderSnapshot, ? extends OrderEvent> event) {
        changes.move(o, target, PaymentStatus.FAILED, reason, by, event);
        settled.fire(new PaymentSettled(o.id, o.customerId, o.cartId, o.status, o.paymentIntentId));
        if (cancelIntent && o.paymentIntentId != null) {
            intentsToCancel.fire(new IntentToCancel(o.id, o.paymentIntentId));
        }
    }

    /** After an unpaid order's end committed: its intent is cancelled, so that it cannot be paid later. */
    void onIntentToCancel(@Observes(during = TransactionPhase.AFTER_SUCCESS) IntentToCancel c) {
        try {
            gateway.cancelIntent(c.paymentIntentId());
        } catch (RuntimeException e) {
            LOG.infof("Could not cancel PaymentIntent %s of ended order %s (%s); a late payment is refunded",
                    c.paymentIntentId(), c.orderId(), e.getMessage());
        }
    }
}
