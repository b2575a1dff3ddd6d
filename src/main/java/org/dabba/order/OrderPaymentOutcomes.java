package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.dabba.order.OrderBodies.PaymentSettled;
import org.dabba.order.events.OrderPaid;
import org.dabba.order.events.OrderPaymentFailed;
import org.dabba.payment.MinorUnits;
import org.dabba.payment.PaymentEvent;
import org.dabba.payment.PaymentOutcomeHandler;
import org.dabba.payment.PaymentsConfig;
import org.dabba.payment.RefundEvent;
import org.dabba.platform.Time;
import org.jboss.logging.Logger;

/** What the gateway's verified webhook events do to orders, in the webhook's transaction. */
@ApplicationScoped
public class OrderPaymentOutcomes implements PaymentOutcomeHandler {

    private static final Logger LOG = Logger.getLogger(OrderPaymentOutcomes.class);

    @Inject
    OrderChanges changes;

    @Inject
    OrderPlacement placement;

    @Inject
    OrderRefunds refunds;

    @Inject
    PaymentsConfig payments;

    @Inject
    Event<PaymentSettled> settled;

    /**
     * The intent succeeded: a PAYMENT_PENDING order is paid ({@link OrderPaid}, the cart cleared after commit); one
     * given up meanwhile has let its cart and promotion go, so the money goes back. Anything else is only logged.
     */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void succeeded(String paymentIntentId, PaymentEvent event) {
        Order o = forIntent(paymentIntentId, event, "succeeded");
        if (o == null || !matches(o, event)) {
            return;
        }
        switch (o.status) {
            case PAYMENT_PENDING -> {
                changes.move(o, OrderStatus.PENDING_RESTAURANT_ACCEPTANCE, PaymentStatus.SUCCEEDED,
                        "payment succeeded (" + event.eventId() + ")", Actor.SYSTEM,
                        s -> new OrderPaid(s, paymentIntentId, o.paidAt));
                settled.fire(new PaymentSettled(o.id, o.customerId, o.cartId, o.status, o.paymentIntentId));
            }
            case PAYMENT_FAILED, CANCELLED -> {
                if (o.paymentStatus.charged()) {
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

    /** The payment failed: a PAYMENT_PENDING order becomes PAYMENT_FAILED; a late failure never undoes a success. */
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void failed(String paymentIntentId, PaymentEvent event) {
        Order o = forIntent(paymentIntentId, event, "failed");
        if (o == null) {
            return;
        }
        if (o.status != OrderStatus.PAYMENT_PENDING) {
            LOG.infof("Payment %s failed (event %s) but order %s is already %s; ignored", paymentIntentId,
                    event.eventId(), o.id, o.status);
            return;
        }
        String why = event.failureCode() == null ? "payment failed" : "payment failed: " + event.failureCode();
        String reason = why + " (" + event.eventId() + ")";
        placement.endUnpaid(o, OrderStatus.PAYMENT_FAILED, reason, Actor.SYSTEM, true,
                s -> new OrderPaymentFailed(s, reason));
    }

    @Override
    public void refundChanged(RefundEvent event) {
        refunds.refundChanged(event);
    }

    @Override
    public void chargeRefunded(RefundEvent.ChargeRefunded event) {
        refunds.chargeRefunded(event);
    }

    /** The order by the event's intent, else by its metadata's order id (if that has no other intent); null if none. */
    private static Order forIntent(String paymentIntentId, PaymentEvent event, String what) {
        Optional<Order> found = Order.byPaymentIntent(paymentIntentId).or(() -> event.orderId()
                .flatMap(id -> Order.<Order>findByIdOptional(id))
                .filter(o -> o.paymentIntentId == null || o.paymentIntentId.equals(paymentIntentId)));
        if (found.isEmpty()) {
            LOG.warnf("Payment %s %s (event %s) but no order has this intent; ignored", paymentIntentId, what,
                    event.eventId());
        }
        return found.orElse(null);
    }

    /** Whether the payment is the order's (amount, currency, mode); if not, it is recorded for admins, nothing else. */
    private boolean matches(Order o, PaymentEvent event) {
        long expected = MinorUnits.of(o.total, o.currency);
        List<String> wrong = new ArrayList<>();
        if (event.amountMinor() != expected) {
            wrong.add("amount " + event.amountMinor() + " instead of " + expected);
        }
        if (event.currency() == null || !event.currency().equalsIgnoreCase(o.currency)) {
            wrong.add("currency " + event.currency() + " instead of " + o.currency.toLowerCase(Locale.ROOT));
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
}
