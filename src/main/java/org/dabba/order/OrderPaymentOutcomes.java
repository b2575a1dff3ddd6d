package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dabba.payment.PaymentEvent;
import org.dabba.payment.PaymentOutcomeHandler;
import org.dabba.payment.RefundEvent;

/** What Stripe's verified, deduplicated webhook events do to orders (in the webhook's transaction). */
@ApplicationScoped
public class OrderPaymentOutcomes implements PaymentOutcomeHandler {

    @Inject
    OrderService orders;

    @Override
    public void succeeded(String paymentIntentId, PaymentEvent event) {
        orders.paymentSucceeded(paymentIntentId, event);
    }

    @Override
    public void failed(String paymentIntentId, PaymentEvent event) {
        orders.paymentFailed(paymentIntentId, event);
    }

    @Override
    public void refundChanged(RefundEvent event) {
        orders.refundChanged(event);
    }

    @Override
    public void chargeRefunded(RefundEvent.ChargeRefunded event) {
        orders.chargeRefunded(event);
    }
}
