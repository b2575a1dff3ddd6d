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
        // The URL, method, headers and body come with the message (StripeGateway); failures come back as
        // statuses (throwExceptionOnFailure=false) and network failures come back on the exchange, so that the
        // gateway maps them itself (no error handler: nothing to log twice or redeliver behind its back).
        from(StripeGateway.CALL).routeId("payment-gateway-call")
                .errorHandler(noErrorHandler())
                .to(PaymentEndpoints.HTTP_COMPONENT + "://payment-gateway?throwExceptionOnFailure=false");

        // No inputType: the body reaches the route as the bytes that arrived, since the signature is over them,
        // not over any re-encoding; nothing in it is believed before the signature is checked.
        from("direct:paymentWebhook").routeId("payment-webhook")
                .process(e -> {
                    byte[] payload = e.getMessage().getBody(byte[].class);
                    String signature = e.getMessage().getHeader(StripeSignature.HEADER, String.class);
                    webhook.receive(payload == null ? new byte[0] : payload, signature);
                    e.getMessage().setBody(Map.of("received", true));
                });
    }
}
