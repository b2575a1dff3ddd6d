package org.dabba.payment;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Until orders exist, payment outcomes are only logged; the order feature's handler replaces this one. */
@DefaultBean
@ApplicationScoped
public class LoggingPaymentOutcomeHandler implements PaymentOutcomeHandler {

    private static final Logger LOG = Logger.getLogger(LoggingPaymentOutcomeHandler.class);

    @Override
    public void succeeded(String paymentIntentId, PaymentEvent event) {
        LOG.infof("Payment %s succeeded (%d %s, order %s, event %s)", paymentIntentId, event.amountMinor(),
                event.currency(), event.metadata().get("orderId"), event.eventId());
    }

    @Override
    public void failed(String paymentIntentId, PaymentEvent event) {
        LOG.infof("Payment %s failed: %s (order %s, event %s)", paymentIntentId, event.failureCode(),
                event.metadata().get("orderId"), event.eventId());
    }
}
