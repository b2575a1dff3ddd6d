package org.dabba.payment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.tracing.TraceContext;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import org.dabba.platform.events.ConsumedEvents;
import org.jboss.logging.Logger;

/**
 * Receives Stripe's webhook events: the signature first (nothing is read for a request that is not genuine),
 * then the event id and the outcome handler's effects in one transaction.
 */
@ApplicationScoped
public class StripeWebhook {

    private static final Logger LOG = Logger.getLogger(StripeWebhook.class);

    /** The consumer name under which processed Stripe event ids are kept in {@code consumed_events}. */
    static final String CONSUMER = "payment-stripe-webhook";

    public enum Outcome { PROCESSED, DUPLICATE, IGNORED }

    @Inject
    PaymentsConfig config;

    @Inject
    ConsumedEvents consumed;

    @Inject
    PaymentOutcomeHandler handler;

    @Inject
    ObjectMapper mapper;

    @Inject
    Tracer tracer;

    @Inject
    PaymentMetrics metrics;

    private volatile StripeSignature signature;

    public Outcome receive(byte[] payload, String signatureHeader) {
        try {
            signature().verify(payload, signatureHeader);
        } catch (RuntimeException e) {
            metrics.webhookFailed("signature");
            throw e;
        }
        try {
            return handle(payload);
        } catch (ProblemException e) {
            metrics.webhookFailed(e.problem().getStatus() < 500 ? "malformed" : "processing");
            throw e;
        } catch (RuntimeException e) {
            metrics.webhookFailed("processing");
            throw e;
        }
    }

    private Outcome handle(byte[] payload) {
        JsonNode event = parse(payload);
        // Only a genuine event's metadata is believed. Its processing is a span of the checkout's trace (the intent's
        // metadata carries it), so one trace tells the order from checkout to the kitchen; the webhook request, which
        // Stripe starts on its own schedule and may repeat, stays its own trace and is linked from here.
        JsonNode metadata = event.path("data").path("object").path("metadata");
        TraceContext checkout = new TraceContext(metadata.path(TraceContext.TRACEPARENT).textValue(),
                metadata.path(TraceContext.TRACESTATE).textValue());
        Span span = tracer.spanBuilder("payment " + event.path("type").asText("event"))
                .setParent(checkout.context())
                .setSpanKind(SpanKind.CONSUMER)
                .addLink(Span.current().getSpanContext())
                .setAttribute("dabba.stripe.event.id", event.path("id").asText(""))
                .startSpan();
        try (Scope ignored = span.makeCurrent()) {
            Outcome outcome = receive(event);
            span.setAttribute("dabba.stripe.outcome", outcome.name());
            return outcome;
        } catch (RuntimeException e) {
            span.setStatus(StatusCode.ERROR, e.getMessage() == null ? e.toString() : e.getMessage());
            throw e;
        } finally {
            span.end();
        }
    }

    private Outcome receive(JsonNode event) {
        String id = event.path("id").asText("");
        String type = event.path("type").asText("");
        if (id.isBlank() || type.isBlank() || !event.path("data").path("object").isObject()) {
            throw ProblemException.badRequest("A Stripe event needs an id, a type and data.object");
        }
        if (RefundEvent.TYPES.contains(type) || type.equals(RefundEvent.ChargeRefunded.TYPE)) {
            JsonNode object = event.path("data").path("object");
            return once(id, () -> {
                if (type.equals(RefundEvent.ChargeRefunded.TYPE)) {
                    handler.chargeRefunded(RefundEvent.ChargeRefunded.of(id, object));
                } else {
                    handler.refundChanged(RefundEvent.of(id, type, object));
                }
            });
        }
        if (!type.equals(PaymentEvent.SUCCEEDED) && !type.equals(PaymentEvent.FAILED)) {
            LOG.debugf("Ignoring Stripe event %s of type %s", id, type);
            return Outcome.IGNORED;
        }
        PaymentEvent paymentEvent = PaymentEvent.of(event);
        if (paymentEvent.paymentIntentId().isBlank()) {
            throw ProblemException.badRequest("The event's data.object has no PaymentIntent id");
        }
        Outcome outcome = once(id, () -> {
            if (type.equals(PaymentEvent.SUCCEEDED)) {
                handler.succeeded(paymentEvent.paymentIntentId(), paymentEvent);
            } else {
                handler.failed(paymentEvent.paymentIntentId(), paymentEvent);
            }
        });
        if (outcome == Outcome.PROCESSED) {
            metrics.outcome(type.equals(PaymentEvent.SUCCEEDED) ? "succeeded" : "failed");
        }
        return outcome;
    }

    /** Runs the handling unless the event was processed already, in one transaction with its record. */
    private Outcome once(String id, Runnable handling) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (!consumed.firstDelivery(CONSUMER, id)) {
                LOG.debugf("Stripe event %s was already processed", id);
                return Outcome.DUPLICATE;
            }
            handling.run();
            return Outcome.PROCESSED;
        });
    }

    private JsonNode parse(byte[] payload) {
        try {
            JsonNode event = mapper.readTree(payload);
            if (event == null || !event.isObject()) {
                throw ProblemException.badRequest("A Stripe event must be a JSON object");
            }
            return event;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private StripeSignature signature() {
        if (signature == null) {
            List<String> secrets = Stream.concat(Stream.of(config.webhookSecret()),
                    config.webhookSecretPrevious().stream()).toList();
            signature = new StripeSignature(secrets, config.webhookTolerance(), Clock.systemUTC());
        }
        return signature;
    }
}
