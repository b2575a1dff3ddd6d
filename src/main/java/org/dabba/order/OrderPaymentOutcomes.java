package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dabba.payment.PaymentEvent;
import org.dabba.payment.PaymentOutcomeHandler;

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
}
