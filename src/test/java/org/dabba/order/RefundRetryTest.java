package org.dabba.order;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Refunds when the gateway fails, with WireMock standing in for Stripe: it passes every call on to the app's own
 * sandbox (so payments really happen) unless a test makes it fail. The acceptance timeout is 2 s here, so every
 * order left alone is rejected by the timer route and refunded, as in production after 5 minutes.
 */
@QuarkusTest
@TestProfile(RefundRetryTest.WireMockAndShortTimeout.class)
@WithTestResource(LocalServers.class)
class RefundRetryTest {

    /** One WireMock per JVM, started before Quarkus reads its configuration. */
    static final class Stripe {
        static final WireMockServer SERVER = LoopbackWireMock.start();
    }

    public static class WireMockAndShortTimeout implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "dabba.payments.base-url", "http://127.0.0.1:" + Stripe.SERVER.port() + "/",
                    "dabba.orders.acceptance-timeout", "PT2S",
                    "dabba.orders.acceptance-check-interval", "200",
                    "dabba.orders.refund.retry-delay", "PT0.2S",
                    "dabba.orders.refund.retry-max-delay", "PT0.4S",
                    "dabba.orders.refund.alert-after-attempts", "2");
        }
    }

    final WireMockServer stripe = Stripe.SERVER;

    @Inject
    CamelContext camel;

    @BeforeEach
    void passEverythingToTheSandbox() throws Exception {
        OrderEvents.listen(camel);
        stripe.resetAll();
        stripe.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse()
                .proxiedFrom("http://127.0.0.1:" + RestAssured.port + "/sandbox/stripe")));
    }

    /** A paid order left alone: the timer rejects it. (Checked on the final state: PENDING lasts only 2 s.) */
    static PlacedOrder paidAndLeftAlone() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"));
        Orders.pay(o.paymentIntentId());
        return o;
    }

    static JsonPath order(PlacedOrder o) {
        return as(o.customerToken()).get("/orders/{id}", o.orderId()).then().statusCode(200).extract().jsonPath();
    }

    static void awaitPayment(PlacedOrder o, String paymentStatus) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then()
                        .body("status", equalTo("REJECTED")).body("paymentStatus", equalTo(paymentStatus)));
    }

    @Test
    void noDecisionInTimeIsARejectionWithItsRefund() {
        PlacedOrder o = paidAndLeftAlone();
        awaitPayment(o, "REFUNDED");

        JsonPath order = order(o);
        assertEquals(List.of("PAYMENT_PENDING", "PENDING_RESTAURANT_ACCEPTANCE", "REJECTED", "REJECTED"),
                order.getList("history.to"));
        assertEquals("restaurant-timeout", order.getString("history[2].reason"));
        Duration waited = Duration.between(Instant.parse(order.getString("paidAt")),
                Instant.parse(order.getString("history[2].at")));
        assertTrue(waited.compareTo(Duration.ofSeconds(2)) >= 0, waited.toString());
        assertEquals("restaurant-timeout", OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.rejected")
                .path("data").path("reason").asText());
        assertTrue(OrderEvents.await(o.orderId(), "org.dabba.order.payment.refunded").path("data").path("gatewayRefundId")
                .asText().startsWith("re_"));
        String refundId = order(o).getString("refunds[0].refundId");
        stripe.verify(1, postRequestedFor(urlEqualTo("/v1/refunds"))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "payment_intent=" + o.paymentIntentId() + "&amount=55000&metadata[orderId]=" + o.orderId()
                                + "&metadata[refundId]=" + refundId))
                .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
                        "dabba-refund-" + refundId)));
    }

    @Test
    void aFailingGatewayIsRetriedWithBackoffShownToAdminsAndTheRefundEndsDone() {
        StubMapping failing = stripe.stubFor(post(urlEqualTo("/v1/refunds")).atPriority(1).willReturn(aResponse()
                .withStatus(500).withHeader("Content-Type", "application/json")
                .withBody("{\"error\": {\"type\": \"api_error\", \"message\": \"Something went wrong\"}}")));
        PlacedOrder o = paidAndLeftAlone();
        awaitPayment(o, "REFUND_PENDING");

        // Failed at least twice (the alert threshold here): flagged for the admins, still scheduled.
        String admin = Api.adminToken();
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(admin).queryParam("size", 100).get("/admin/refunds").then().statusCode(200)
                        .body("items.find { it.orderId == '" + o.orderId() + "' }.alert", equalTo(true)));
        JsonPath pending = as(admin).queryParam("size", 100).get("/admin/refunds").then().extract().jsonPath();
        Map<String, Object> row = pending.getMap("items.find { it.orderId == '" + o.orderId() + "' }");
        assertTrue(((Number) row.get("attempts")).intValue() >= 2, row.toString());
        assertTrue(String.valueOf(row.get("lastError")).contains("500"), row.toString());
        assertEquals(o.paymentIntentId(), row.get("paymentIntentId"));
        assertEquals("REJECTED", row.get("status"));
        assertEquals(550.00, ((Number) row.get("amount")).doubleValue(), 0.001);
        assertTrue(Instant.parse((String) row.get("nextAttemptAt")).isAfter(Instant.parse((String) row.get(
                "lastAttemptAt"))), row.toString());

        // Stripe would replay a 500 under the same key for a day: each attempt after an answer uses the next key.
        String refundId = (String) row.get("refundId");
        List<String> keys = stripe.findAll(postRequestedFor(urlEqualTo("/v1/refunds"))).stream()
                .filter(r -> r.getBodyAsString().startsWith("payment_intent=" + o.paymentIntentId() + "&"))
                .map(r -> r.getHeader("Idempotency-Key")).toList();
        assertTrue(keys.size() >= 2, keys.toString());
        assertEquals("dabba-refund-" + refundId, keys.get(0));
        assertEquals("dabba-refund-" + refundId + "-2", keys.get(1));

        // The gateway recovers: the next attempt refunds, the order says so, the admins' list lets it go.
        stripe.removeStub(failing);
        awaitPayment(o, "REFUNDED");
        JsonNode refunded = OrderEvents.await(o.orderId(), "org.dabba.order.payment.refunded");
        assertTrue(refunded.path("data").path("gatewayRefundId").asText().startsWith("re_"), refunded.toString());
        assertEquals(refundId, refunded.path("data").path("refundId").asText());
        as(admin).queryParam("size", 100).get("/admin/refunds").then().statusCode(200)
                .body("items.orderId", not(hasItem(o.orderId())));
        assertEquals(1L, RefundTest.sandboxRefunds(o.paymentIntentId())[0], "refunded once");
    }
}
