package org.dabba.payment;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.camel.builder.RouteBuilder;

/** The gateway's outbound HTTP route and Stripe's webhook. */
@ApplicationScoped
public class PaymentRoutes extends RouteBuilder {

    @Inject
    StripeWebhook webhook;

    @Override
    public void configure() {
        // Failures come back as statuses or on the exchange for StripeGateway to map (no error handler: nothing
        // logged twice or redelivered behind its back).
        from(StripeGateway.CALL).routeId("payment-gateway-call")
                .errorHandler(noErrorHandler())
                .to(PaymentEndpoints.HTTP_COMPONENT + "://payment-gateway?throwExceptionOnFailure=false");

        // No inputType: the signature is over the bytes that arrived, not over any re-encoding.
        from("direct:paymentWebhook").routeId("payment-webhook")
                .process(e -> {
                    byte[] payload = e.getMessage().getBody(byte[].class);
                    String signature = e.getMessage().getHeader(StripeSignature.HEADER, String.class);
                    webhook.receive(payload == null ? new byte[0] : payload, signature);
                    e.getMessage().setBody(Map.of("received", true));
                });
    }
}
