package org.dabba.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.UUID;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.CheckoutBodies.CheckoutRequest;
import org.dabba.checkout.CheckoutService.Outcome;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;

/**
 * Checkout's routes and the unpaid orders' expiry. Checkouts, and anything with a promotion code (so codes cannot
 * be guessed fast), take from the customer's rate limits.
 */
@ApplicationScoped
public class CheckoutRoutes extends RouteBuilder {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    CheckoutService checkout;

    @Inject
    RateLimits limits;

    @Override
    public void configure() {
        from("direct:checkoutSummary").routeId("checkout-summary")
                .process(e -> {
                    Caller customer = Caller.required(e);
                    Message m = e.getMessage();
                    String promoCode = m.getHeader("promoCode", String.class);
                    if (promoCode != null && !promoCode.isBlank()) {
                        limits.promoCode(customer.userId());
                    }
                    m.setBody(checkout.summary(customer, UUID.fromString(m.getHeader("cartId", String.class).strip()),
                            decimal(m, "lat"), decimal(m, "long"), promoCode));
                });

        from("direct:checkoutCreateOrder").routeId("checkout-create-order").inputType(CheckoutRequest.class)
                .process(e -> {
                    Caller customer = Caller.required(e);
                    String key = idempotencyKey(e.getMessage());
                    CheckoutRequest request = e.getMessage().getBody(CheckoutRequest.class);
                    limits.checkout(customer.userId(), request.promoCode() != null && !request.promoCode().isBlank());
                    Outcome outcome = checkout.checkout(customer, key, request);
                    Edge.created(e, "/orders/" + outcome.answer().orderId(), outcome.answer());
                    if (outcome.replayed()) {
                        // Stripe's header for an answer replayed from an earlier request with the same key.
                        e.getMessage().setHeader("Idempotent-Replayed", "true");
                    }
                });

        from("timer:order-payment-expiry?delay=5000&period={{dabba.checkout.payment-expiry-interval}}")
                .routeId("order-payment-expiry")
                .process(e -> checkout.expireUnpaid(Time.now()));
    }

    private static String idempotencyKey(Message m) {
        String key = m.getHeader(IDEMPOTENCY_KEY, String.class);
        if (key == null || key.isBlank()) {
            throw ProblemException.invalid(IDEMPOTENCY_KEY, "the header is required: a unique key per checkout "
                    + "(e.g. a UUID), sent again when the same checkout is retried");
        }
        if (key.length() > CheckoutBodies.MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.invalid(IDEMPOTENCY_KEY, "must be at most " + CheckoutBodies.MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        return key;
    }

    /** A number query parameter the contract has already checked. */
    private static BigDecimal decimal(Message m, String name) {
        return JsonLimits.decimal(m.getHeader(name, String.class));
    }
}
