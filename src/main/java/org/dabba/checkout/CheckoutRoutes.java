package org.dabba.checkout;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.checkout.CheckoutApi.CheckoutRequest;
import org.dabba.checkout.CheckoutService.Outcome;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * GET /checkout/summary, POST /orders/checkout, and the expiry of unpaid orders. Checkouts, and summaries or
 * checkouts with a promotion code (so codes cannot be guessed fast), take from the customer's rate limits.
 */
@ApplicationScoped
public class CheckoutRoutes extends RouteBuilder {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    @Inject
    Http http;

    @Inject
    CheckoutService checkout;

    @Inject
    RateLimits limits;

    @Override
    public void configure() {
        rest("/checkout")
                .get("/summary").to("direct:checkout-summary");
        rest("/orders")
                .post("/checkout").to("direct:checkout-create-order");

        from("direct:checkout-summary").routeId("checkout-summary")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    Message m = e.getMessage();
                    List<Problem.FieldError> errors = new ArrayList<>();
                    UUID cartId = uuid(m, "cartId", errors);
                    BigDecimal lat = coordinate(m, "lat", 90, errors);
                    BigDecimal lon = coordinate(m, "long", 180, errors);
                    String promoCode = m.getHeader("promoCode", String.class);
                    if (promoCode != null && promoCode.length() > 40) {
                        errors.add(new Problem.FieldError("promoCode", "must be at most 40 characters"));
                    }
                    if (!errors.isEmpty()) {
                        throw ProblemException.invalid(errors);
                    }
                    if (promoCode != null && !promoCode.isBlank()) {
                        limits.promoCode(customer.userId());
                    }
                    http.ok(e, checkout.summary(customer, cartId, lat, lon, promoCode));
                });

        from("direct:checkout-create-order").routeId("checkout-create-order")
                .process(e -> {
                    Caller customer = Caller.requireRole(e, Role.CUSTOMER);
                    String key = idempotencyKey(e.getMessage());
                    CheckoutRequest request = http.read(e, CheckoutRequest.class);
                    limits.checkout(customer.userId(), request.promoCode() != null && !request.promoCode().isBlank());
                    Outcome outcome = checkout.checkout(customer, key, request);
                    http.created(e, "/orders/" + outcome.answer().orderId(), outcome.answer());
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
        if (key.length() > CheckoutApi.MAX_IDEMPOTENCY_KEY) {
            throw ProblemException.invalid(IDEMPOTENCY_KEY, "must be at most " + CheckoutApi.MAX_IDEMPOTENCY_KEY
                    + " characters");
        }
        return key;
    }

    private static UUID uuid(Message m, String name, List<Problem.FieldError> errors) {
        String raw = m.getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            errors.add(new Problem.FieldError(name, "is required"));
            return null;
        }
        try {
            return UUID.fromString(raw.strip());
        } catch (IllegalArgumentException ex) {
            errors.add(new Problem.FieldError(name, "must be a UUID"));
            return null;
        }
    }

    private static BigDecimal coordinate(Message m, String name, int limit, List<Problem.FieldError> errors) {
        String raw = m.getHeader(name, String.class);
        if (raw == null || raw.isBlank()) {
            errors.add(new Problem.FieldError(name, "is required: the delivery point, in degrees"));
            return null;
        }
        BigDecimal value = JsonLimits.decimal(raw);
        if (value != null && value.abs().compareTo(BigDecimal.valueOf(limit)) <= 0) {
            return value;
        }
        errors.add(new Problem.FieldError(name, "must be a number from -" + limit + " to " + limit));
        return null;
    }
}
