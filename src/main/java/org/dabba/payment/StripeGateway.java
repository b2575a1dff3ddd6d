package org.dabba.payment;

import static org.dabba.payment.PaymentEvent.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.tracing.TraceContext;
import org.jboss.logging.Logger;

/**
 * {@link PaymentGateway} over Stripe's REST API: form-encoded POSTs with the secret key as bearer token and an
 * {@code Idempotency-Key}, through the {@code payment-gateway-call} route, to Stripe or the sandbox alike.
 */
@ApplicationScoped
public class StripeGateway implements PaymentGateway {

    private static final Logger LOG = Logger.getLogger(StripeGateway.class);

    static final String CALL = "direct:payment-gateway-call";

    @Inject
    ProducerTemplate producer;

    @Inject
    PaymentEndpoints endpoints;

    @Inject
    PaymentsConfig config;

    @Inject
    ObjectMapper mapper;

    @Override
    public PaymentIntent createIntent(UUID orderId, long amountMinor, String currency, PaymentMethod paymentMethod,
            String idempotencyKey) {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentMethod, "paymentMethod");
        require("A PaymentIntent", amountMinor, idempotencyKey);
        StripeForm form = new StripeForm()
                .add("amount", amountMinor)
                .add("currency", java.util.Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getCurrencyCode()
                        .toLowerCase(Locale.ROOT))
                .add("metadata[orderId]", orderId)
                .add("payment_method_types[]", paymentMethod.stripeType());
        // Stripe sends no trace headers with its webhooks but echoes the intent's metadata in them: the checkout's
        // trace context rides there, so the payment's outcome joins the order's trace (StripeWebhook).
        TraceContext checkout = TraceContext.current();
        if (!checkout.isEmpty()) {
            form.add("metadata[" + TraceContext.TRACEPARENT + "]", checkout.traceparent());
            if (checkout.tracestate() != null) {
                form.add("metadata[" + TraceContext.TRACESTATE + "]", checkout.tracestate());
            }
        }
        return intent(post("/v1/payment_intents", form, idempotencyKey));
    }

    @Override
    public PaymentIntent cancelIntent(String paymentIntentId) {
        return intent(post("/v1/payment_intents/" + pathSegment(paymentIntentId) + "/cancel", new StripeForm(),
                "dabba-cancel-" + paymentIntentId));
    }

    @Override
    public Refund refund(String paymentIntentId, long amountMinor, java.util.Map<String, String> metadata,
            String idempotencyKey) {
        require("A refund", amountMinor, idempotencyKey);
        StripeForm form = new StripeForm().add("payment_intent", paymentIntentId).add("amount", amountMinor);
        new java.util.TreeMap<>(metadata == null ? java.util.Map.<String, String>of() : metadata)
                .forEach((k, v) -> form.add("metadata[" + k + "]", v));
        JsonNode refund = post("/v1/refunds", form, idempotencyKey);
        return new Refund(refund.path("id").asText(), paymentIntentId, refund.path("status").asText(),
                refund.path("amount").asLong(), refund.path("currency").asText());
    }

    private static void require(String what, long amountMinor, String idempotencyKey) {
        if (amountMinor <= 0) {
            throw new IllegalArgumentException(what + " needs a positive amount, not " + amountMinor);
        }
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IllegalArgumentException(what + " is created with an idempotency key");
        }
    }

    private static PaymentIntent intent(JsonNode intent) {
        return new PaymentIntent(intent.path("id").asText(), intent.path("client_secret").asText(null),
                intent.path("status").asText());
    }

    private JsonNode post(String path, StripeForm form, String idempotencyKey) {
        String url = endpoints.gatewayBaseUrl() + path;
        Exchange result = producer.send(CALL, exchange -> {
            Message m = exchange.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, "POST");
            m.setHeader(Exchange.HTTP_URI, url);
            m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            m.setHeader("Authorization", "Bearer " + config.secretKey());
            m.setHeader("Idempotency-Key", idempotencyKey);
            m.setHeader("Accept", "application/json");
            m.setBody(form.encode());
        });
        if (result.getException() != null) {
            throw failure(result.getException(), url);
        }
        Integer status = result.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = result.getMessage().getBody(String.class);
        int code = status == null ? 0 : status;
        if (code >= 200 && code < 300) {
            JsonNode json = json(body);
            if (json == null || !json.isObject()) {
                throw PaymentGatewayException.unavailable(code, "The payment gateway answered " + code
                        + " with a body that is not a JSON object");
            }
            return json;
        }
        if (code >= 400 && code < 500) {
            JsonNode error = json(body) == null ? mapper.nullNode() : json(body).path("error");
            // Only the error's own fields: Stripe's error object may embed the PaymentIntent, client secret included.
            LOG.warnf("Payment gateway refused POST %s: %d type=%s code=%s decline_code=%s param=%s message=%s", path,
                    code, text(error, "type"), text(error, "code"), text(error, "decline_code"), text(error, "param"),
                    text(error, "message"));
            throw PaymentGatewayException.rejected(code, text(error, "type"), text(error, "code"), text(error, "message"));
        }
        LOG.warnf("Payment gateway failed POST %s: %d", path, code);
        throw PaymentGatewayException.unavailable(code, "The payment gateway answered HTTP " + code);
    }

    private RuntimeException failure(Exception exception, String url) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof PaymentGatewayException p) {
                return p;
            }
            // Read and connect timeouts are both InterruptedIOExceptions (SocketTimeoutException,
            // ConnectTimeoutException): the gateway may or may not have acted.
            if (t instanceof InterruptedIOException) {
                LOG.warnf("Payment gateway timed out: %s", url);
                return PaymentGatewayException.timeout(config.timeout());
            }
        }
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                LOG.warnf("Payment gateway unreachable: %s (%s)", url, io.toString());
                return PaymentGatewayException.unavailable(0, "The payment gateway could not be reached");
            }
        }
        return exception instanceof RuntimeException r ? r : new IllegalStateException(exception);
    }

    private JsonNode json(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String pathSegment(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("A PaymentIntent id is required");
        }
        return URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
