package org.dabba.platform;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.dabba.platform.events.Outbox;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.RecordedSpans;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees in the tracing backend for one order: a single trace from the customer's checkout through
 * Stripe's webhook, the outbox relay and the event stream to the push on the restaurant's dashboard, each span under
 * the one that caused it; and an event that names no trace (an older instance's) is still delivered, as a new trace.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class TracingTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RecordedSpans spans;

    @Inject
    CamelContext camel;

    @Inject
    Outbox outbox;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    @Test
    void oneOrderIsOneTraceFromCheckoutToTheRestaurantsScreen() {
        String[] r = Api.onlineRestaurant();
        String item = Api.dish(r[0], r[1], "Paneer Tikka", "250.00");
        try (Client board = Sockets.connect("/ws/restaurants/" + r[1] + "/orders", r[0])) {
            board.next(WAIT); // the snapshot
            long checkoutStarted = epochNanos();
            PlacedOrder order = Orders.placed(r[0], r[1], item);

            // The checkout's trace context rides in the PaymentIntent's metadata (Stripe echoes it in its webhook).
            String checkoutParent = given().header("Authorization", "Bearer " + Orders.SANDBOX_KEY)
                    .get("/sandbox/stripe/v1/payment_intents/{id}", order.paymentIntentId()).then().statusCode(200)
                    .extract().path("metadata.traceparent");
            SpanContext checkout = parse(checkoutParent);
            String trace = checkout.getTraceId();

            Orders.pay(order.paymentIntentId());
            JsonNode pushed = board.next("order.new", WAIT);
            assertEquals(order.orderId(), pushed.path("order").path("orderId").asText());

            // The event on the stream carries the trace it was published in (CloudEvents' traceparent extension).
            JsonNode paid = OrderEvents.await(order.orderId(), "org.dabba.order.payment.success");
            assertTrue(paid.hasNonNull("traceparent"), "the event names its trace: " + paid);
            SpanContext published = parse(paid.path("traceparent").asText());
            assertEquals(trace, published.getTraceId(), "the paid event belongs to the checkout's trace");

            SpanData push = await(trace, s -> s.getName().equals("push org.dabba.order.payment.success to restaurant dashboard"),
                    "the dashboard push");
            List<SpanData> all = spans.trace(trace);
            String dump = dump(all);

            // The checkout: the span that created the intent is part of the checkout request's route.
            SpanData intentCreator = byId(all, checkout.getSpanId()).orElseThrow(() -> new AssertionError(
                    "the span current at checkout was recorded\n" + dump));
            SpanData checkoutRoot = root(all, intentCreator);
            assertTrue(checkoutRoot.getAttributes().asMap().values().stream()
                    .anyMatch(v -> String.valueOf(v).contains("/orders/checkout")),
                    "the trace starts at the checkout request: " + checkoutRoot + "\n" + dump);

            // One request, one trace: the request's server span is the root, Camel's REST route under it.
            List<SpanData> aboutCheckout = spans.all().stream().filter(s -> s.getStartEpochNanos() >= checkoutStarted
                    && s.getAttributes().asMap().values().stream()
                            .anyMatch(v -> String.valueOf(v).endsWith("/orders/checkout"))).toList();
            assertEquals(2, aboutCheckout.size(), "the request's server span and its REST route: " + dump(aboutCheckout));
            assertTrue(aboutCheckout.stream().allMatch(s -> s.getTraceId().equals(trace)),
                    "every span of the checkout request is in its trace:\n" + dump(aboutCheckout));
            assertEquals(io.opentelemetry.api.trace.SpanKind.SERVER, checkoutRoot.getKind(), dump);

            // The webhook's processing: a child of the checkout's span, linked to the webhook request's own trace.
            SpanData webhook = one(all, "payment payment_intent.succeeded", dump);
            assertEquals(checkout.getSpanId(), webhook.getParentSpanId(), dump);
            assertEquals(1, webhook.getLinks().size(), webhook.toString());
            SpanContext request = webhook.getLinks().get(0).getSpanContext();
            assertTrue(request.isValid(), "linked to the webhook request's span");
            assertNotEquals(trace, request.getTraceId(), "Stripe's request is its own trace");
            Awaitility.await().atMost(WAIT).until(() -> spans.trace(request.getTraceId()).stream()
                    .anyMatch(s -> s.getSpanId().equals(request.getSpanId())));
            List<SpanData> requestTrace = spans.trace(request.getTraceId());
            SpanData requestRoot = root(requestTrace, byId(requestTrace, request.getSpanId()).orElseThrow());
            assertTrue(requestRoot.getAttributes().asMap().values().stream()
                    .anyMatch(v -> String.valueOf(v).contains("/webhooks/stripe")),
                    "the link leads to the webhook request: " + requestRoot + "\n" + dump(requestTrace));

            // The paid event was published inside the webhook's span, and the relay continues from there.
            assertEquals(webhook.getSpanId(), published.getSpanId(), dump);
            SpanData relay = one(all, "relay org.dabba.order.payment.success", dump);
            assertEquals(webhook.getSpanId(), relay.getParentSpanId(), dump);

            // The push descends from the relay: relay → send to the stream → the dashboard's consumer → push.
            List<SpanData> chain = ancestors(all, push);
            assertTrue(chain.stream().anyMatch(s -> s.getSpanId().equals(relay.getSpanId())),
                    "the push's ancestors include the relay: " + names(chain) + "\n" + dump);
            assertEquals(checkoutRoot.getSpanId(), chain.get(chain.size() - 1).getSpanId(),
                    "one chain from the push up to the checkout: " + names(chain));

            // The restaurant accepts: its own request and its own trace, which its event names.
            as(r[0]).post("/restaurants/{r}/orders/{id}/accept", r[1], order.orderId()).then().statusCode(200);
            JsonNode accepted = OrderEvents.await(order.orderId(), "org.dabba.order.restaurant.confirmed");
            board.next("order.updated", WAIT);
            assertTrue(accepted.hasNonNull("traceparent"), accepted.toString());
            assertNotEquals(trace, parse(accepted.path("traceparent").asText()).getTraceId(),
                    "the owner's accept is a trace of its own");
        }
    }

    @Test
    void anEventThatNamesNoTraceIsStillDeliveredAsANewTrace() {
        String[] r = Api.onlineRestaurant();
        String item = Api.dish(r[0], r[1], "Dal Makhani", "180.00");
        PlacedOrder order = Orders.paid(r[0], r[1], item);
        try (Client board = Sockets.connect("/ws/restaurants/" + r[1] + "/orders", r[0])) {
            board.next(WAIT); // the snapshot
            // Published outside any trace, as an instance without tracing (or before it) did.
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("orderId", order.orderId());
            data.put("restaurantId", r[1]);
            data.put("status", "ACCEPTED");
            data.put("paymentStatus", "SUCCEEDED");
            data.put("prepTimeMinutes", 15);
            data.put("updatedAt", Time.now());
            QuarkusTransaction.requiringNew().run(() -> outbox.publish("order", UUID.fromString(order.orderId()),
                    "org.dabba.order.restaurant.confirmed", data));

            JsonNode update = board.next("order.updated", WAIT);
            assertEquals("ACCEPTED", update.path("status").asText());
            JsonNode event = OrderEvents.await(order.orderId(), "org.dabba.order.restaurant.confirmed");
            assertFalse(event.has("traceparent"), event.toString());

            SpanData relay = awaitAnywhere(s -> s.getName().equals("relay org.dabba.order.restaurant.confirmed")
                    && event.path("id").asText().equals(s.getAttributes().asMap().entrySet().stream()
                            .filter(e -> e.getKey().getKey().equals("dabba.event.id")).map(e -> String.valueOf(e.getValue()))
                            .findFirst().orElse("")), "the relay of the untraced event");
            assertFalse(relay.getParentSpanContext().isValid(), "a new trace starts at the relay");
            SpanData push = await(relay.getTraceId(),
                    s -> s.getName().equals("push org.dabba.order.restaurant.confirmed to restaurant dashboard"),
                    "the push of the untraced event");
            assertTrue(ancestors(spans.trace(relay.getTraceId()), push).stream()
                    .anyMatch(s -> s.getSpanId().equals(relay.getSpanId())));
        }
    }

    static long epochNanos() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    static SpanContext parse(String traceparent) {
        assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]"),
                "a W3C traceparent: " + traceparent);
        String[] parts = traceparent.split("-");
        return SpanContext.createFromRemoteParent(parts[1], parts[2], io.opentelemetry.api.trace.TraceFlags.getSampled(),
                io.opentelemetry.api.trace.TraceState.getDefault());
    }

    SpanData await(String trace, Predicate<SpanData> wanted, String what) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> spans.trace(trace).stream().anyMatch(wanted));
        return spans.trace(trace).stream().filter(wanted).findFirst().orElseThrow();
    }

    SpanData awaitAnywhere(Predicate<SpanData> wanted, String what) {
        Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(50))
                .until(() -> spans.all().stream().anyMatch(wanted));
        return spans.all().stream().filter(wanted).findFirst().orElseThrow();
    }

    static Optional<SpanData> byId(List<SpanData> all, String spanId) {
        return all.stream().filter(s -> s.getSpanId().equals(spanId)).findFirst();
    }

    static SpanData one(List<SpanData> all, String name, String dump) {
        List<SpanData> named = all.stream().filter(s -> s.getName().equals(name)).toList();
        assertEquals(1, named.size(), "one span " + name + "\n" + dump);
        return named.get(0);
    }

    /** The span and its parents, up to the trace's root. */
    static List<SpanData> ancestors(List<SpanData> all, SpanData span) {
        List<SpanData> chain = new ArrayList<>();
        Optional<SpanData> at = Optional.of(span);
        while (at.isPresent()) {
            chain.add(at.get());
            at = at.get().getParentSpanContext().isValid() ? byId(all, at.get().getParentSpanId()) : Optional.empty();
        }
        return chain;
    }

    static SpanData root(List<SpanData> all, SpanData span) {
        List<SpanData> chain = ancestors(all, span);
        return chain.get(chain.size() - 1);
    }

    static String names(List<SpanData> chain) {
        return chain.stream().map(SpanData::getName).collect(Collectors.joining(" ← "));
    }

    static String dump(List<SpanData> all) {
        return all.stream().map(s -> s.getSpanId() + " ← " + s.getParentSpanId() + " " + s.getKind() + " "
                + s.getName() + " " + s.getAttributes().asMap()).collect(Collectors.joining("\n"));
    }
}
