package org.dabba.restaurant;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.webhooks.WebhookSignatures;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.LoopbackWireMock;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/**
 * A restaurant's POS webhook, against a local receiver (WireMock on 127.0.0.1): registration and who may touch
 * it, the signed delivery of paid orders and their later events through the dabba-pos-webhook-sink kamelet,
 * retries with backoff, the dead letter and its retry, the per-order ordering, and what is not delivered.
 * %test: 3 attempts, backoff from 0.2 s to at most 1 s, a look for due deliveries every 100 ms.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class PosIntegrationTest {

    static final WireMockServer RECEIVER = LoopbackWireMock.start();
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    Outbox outbox;

    @Inject
    ObjectMapper mapper;

    @Inject
    PosIntegrations pos;

    @Inject
    PosDeliveries posDeliveries;

    /** A fresh ONLINE restaurant with a dish, and a receiver path of its own answering {@code status}. */
    record Pos(String owner, String restaurantId, String itemId, String path, String secret) {

        String url() {
            return "http://127.0.0.1:" + RECEIVER.port() + path;
        }
    }

    static Pos pos(int status) {
        String[] r = Api.onlineRestaurant();
        String item = Api.dish(r[0], r[1], "Paneer Tikka", "250.00");
        String path = "/pos/" + UUID.randomUUID();
        RECEIVER.stubFor(post(urlEqualTo(path)).willReturn(aResponse().withStatus(status)));
        return new Pos(r[0], r[1], item, path, "whsec_pos_" + UUID.randomUUID().toString().replace("-", ""));
    }

    static ValidatableResponse register(Pos p) {
        return as(p.owner()).body(Map.of("url", p.url(), "secret", p.secret()))
                .put("/restaurants/{r}/integrations/pos", p.restaurantId()).then();
    }

    static List<LoggedRequest> received(Pos p) {
        return RECEIVER.findAll(postRequestedFor(urlEqualTo(p.path()))).stream()
                .sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
    }

    static List<LoggedRequest> awaitReceived(Pos p, int count) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100))
                .until(() -> received(p).size() >= count);
        return received(p);
    }

    static ValidatableResponse deliveries(Pos p, String query) {
        return as(p.owner()).get("/restaurants/{r}/integrations/pos/deliveries" + query, p.restaurantId()).then();
    }

    JsonNode json(LoggedRequest request) throws Exception {
        return mapper.readTree(request.getBody());
    }

    /** An order event as the order feature publishes it, written to the outbox here so the POS side stands alone. */
    String publish(String type, String orderId, String restaurantId, String status) {
        return publishEvent(type, orderId, restaurantId, status).id();
    }

    CloudEvent publishEvent(String type, String orderId, String restaurantId, String status) {
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", orderId);
        data.put("restaurantId", restaurantId);
        data.put("status", status);
        data.put("paymentStatus", "SUCCEEDED");
        data.put("total", "560.00");
        data.put("currency", "INR");
        return QuarkusTransaction.requiringNew().call(() ->
                outbox.publish("order", UUID.fromString(orderId), type, data));
    }

    @Test
    void aPaidOrderAndItsLaterEventsReachThePosSignedWithItsSecret() throws Exception {
        Pos p = pos(200);
        register(p).statusCode(200)
                .body("url", equalTo(p.url()))
                .body("restaurantId", equalTo(p.restaurantId()))
                .body("secretHint", equalTo("****" + p.secret().substring(p.secret().length() - 4)))
                .body("createdAt", notNullValue()).body("updatedAt", notNullValue())
                .body("$", not(hasKey("secret")));

        PlacedOrder order = Orders.paid(p.owner(), p.restaurantId(), p.itemId());

        LoggedRequest paid = awaitReceived(p, 1).get(0);
        JsonNode body = json(paid);
        assertEquals("order.payment.success", body.path("eventType").asText());
        assertEquals(order.orderId(), body.path("order").path("orderId").asText());
        assertEquals(p.restaurantId(), body.path("order").path("restaurantId").asText());
        assertEquals("PENDING_RESTAURANT_ACCEPTANCE", body.path("order").path("status").asText());
        assertEquals(2, body.path("order").path("items").get(0).path("quantity").asInt());
        assertEquals("Less spicy", body.path("order").path("items").get(0).path("specialInstructions").asText());
        assertNotNull(body.path("time").textValue());
        assertTrue(paid.getHeader("Content-Type").startsWith("application/json"));
        assertEquals(body.path("eventId").asText(), paid.getHeader("Dabba-Event-Id"));
        assertEquals("order.payment.success", paid.getHeader("Dabba-Event-Type"));
        assertSignedWith(p.secret(), paid);
        assertNothingInternalLeaked(p.secret(), paid);

        deliveries(p, "").statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].eventId", equalTo(body.path("eventId").asText()))
                .body("items[0].eventType", equalTo("order.payment.success"))
                .body("items[0].orderId", equalTo(order.orderId()))
                .body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].attempts", equalTo(1))
                .body("items[0].lastStatusCode", equalTo(200))
                .body("items[0].lastError", nullValue())
                .body("items[0].nextAttemptAt", nullValue())
                .body("items[0].deliveredAt", notNullValue())
                .body("items[0].createdAt", notNullValue());

        // The restaurant accepts (published as the order feature does): delivered too, listed first.
        CloudEvent confirmedEvent = publishEvent("org.dabba.order.restaurant.confirmed", order.orderId(), p.restaurantId(),
                "ACCEPTED");
        String confirmed = confirmedEvent.id();
        LoggedRequest second = awaitReceived(p, 2).get(1);
        assertEquals(confirmed, json(second).path("eventId").asText());
        assertEquals("order.restaurant.confirmed", json(second).path("eventType").asText());
        assertEquals("ACCEPTED", json(second).path("order").path("status").asText());
        assertSignedWith(p.secret(), second);
        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "").body("total", equalTo(2))
                .body("items[0].eventId", equalTo(confirmed)).body("items[0].status", equalTo("DELIVERED"))
                .body("items[1].eventType", equalTo("order.payment.success")));

        // The relay delivers at least once: the same event again is neither recorded nor sent again.
        pos.onOrderEvent(confirmedEvent);
        Thread.sleep(500);
        deliveries(p, "").body("total", equalTo(2));
        assertEquals(2, received(p).size());
        as(p.owner()).get("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(200)
                .body("url", equalTo(p.url())).body("$", not(hasKey("secret")));
    }

    @Test
    void aFailingPosIsRetriedWithBackoffAndOneOrdersEventsDoNotOvertakeEachOther() throws Exception {
        Pos p = pos(200);
        // 500, 500, then 200 for everything after.
        RECEIVER.stubFor(post(urlEqualTo(p.path())).inScenario(p.path()).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(500).withBody("pos is rebooting")).willSetStateTo("failed once"));
        RECEIVER.stubFor(post(urlEqualTo(p.path())).inScenario(p.path()).whenScenarioStateIs("failed once")
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed twice"));
        RECEIVER.stubFor(post(urlEqualTo(p.path())).inScenario(p.path()).whenScenarioStateIs("failed twice")
                .willReturn(aResponse().withStatus(204)));
        register(p).statusCode(200);

        PlacedOrder order = Orders.paid(p.owner(), p.restaurantId(), p.itemId());
        // Published while the payment's delivery is still failing: it must wait for it.
        String confirmed = publish("org.dabba.order.restaurant.confirmed", order.orderId(), p.restaurantId(), "ACCEPTED");

        List<LoggedRequest> requests = awaitReceived(p, 4);
        List<String> types = requests.stream().map(r -> {
            try {
                return json(r).path("eventType").asText();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertEquals(List.of("order.payment.success", "order.payment.success", "order.payment.success",
                "order.restaurant.confirmed"), types);
        assertEquals(requests.get(0).getHeader("Dabba-Event-Id"), requests.get(2).getHeader("Dabba-Event-Id"),
                "a retry carries the same event id");
        assertEquals(confirmed, requests.get(3).getHeader("Dabba-Event-Id"));
        for (LoggedRequest r : requests) {
            assertSignedWith(p.secret(), r);
        }

        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "?status=DELIVERED").statusCode(200)
                .body("total", equalTo(2))
                .body("items[1].eventType", equalTo("order.payment.success"))
                .body("items[1].attempts", equalTo(3))
                .body("items[1].lastStatusCode", equalTo(204))
                .body("items[1].lastError", nullValue())
                .body("items[0].eventId", equalTo(confirmed))
                .body("items[0].attempts", equalTo(1)));
        deliveries(p, "?status=PENDING").statusCode(200).body("total", equalTo(0));
    }

    @Test
    void aPosThatAnswersTooLateIsTriedAgain() {
        Pos p = pos(200);
        // The first answer comes after 7 s, beyond the 5 s timeout of %test; the next at once.
        RECEIVER.stubFor(post(urlEqualTo(p.path())).inScenario(p.path()).whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withFixedDelay(7000)).willSetStateTo("awake"));
        RECEIVER.stubFor(post(urlEqualTo(p.path())).inScenario(p.path()).whenScenarioStateIs("awake")
                .willReturn(aResponse().withStatus(200)));
        register(p).statusCode(200);

        Orders.paid(p.owner(), p.restaurantId(), p.itemId());

        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "").body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].attempts", equalTo(2)));
        assertEquals(2, received(p).size());
    }

    @Test
    void aPosThatAlwaysFailsGetsADeadDeliveryWhichTheOwnerCanRetry() throws Exception {
        Pos p = pos(200);
        RECEIVER.stubFor(post(urlEqualTo(p.path())).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("down for maintenance")));
        register(p).statusCode(200);

        PlacedOrder order = Orders.paid(p.owner(), p.restaurantId(), p.itemId());

        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "?status=DEAD").statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].orderId", equalTo(order.orderId()))
                .body("items[0].attempts", equalTo(3))
                .body("items[0].lastStatusCode", equalTo(503))
                .body("items[0].lastError", containsString("down for maintenance"))
                .body("items[0].nextAttemptAt", nullValue())
                .body("items[0].deliveredAt", nullValue()));
        Thread.sleep(1500); // longer than the longest backoff: no fourth attempt comes
        assertEquals(3, received(p).size());
        String deliveryId = deliveries(p, "").extract().path("items[0].id");

        // Only a DEAD delivery can be retried; the POS is back, the retry delivers it.
        RECEIVER.stubFor(post(urlEqualTo(p.path())).atPriority(1).willReturn(aResponse().withStatus(200)));
        as(p.owner()).post("/restaurants/{r}/integrations/pos/deliveries/{d}/retry", p.restaurantId(), deliveryId)
                .then().statusCode(200).body("status", equalTo("PENDING")).body("attempts", equalTo(0))
                .body("nextAttemptAt", notNullValue());
        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "").body("items[0].status", equalTo("DELIVERED"))
                .body("items[0].attempts", equalTo(1)).body("items[0].lastStatusCode", equalTo(200)));
        assertEquals(4, received(p).size());
        as(p.owner()).post("/restaurants/{r}/integrations/pos/deliveries/{d}/retry", p.restaurantId(), deliveryId)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/pos-delivery-not-dead"));
        as(p.owner()).post("/restaurants/{r}/integrations/pos/deliveries/{d}/retry", p.restaurantId(),
                UUID.randomUUID()).then().statusCode(404).contentType("application/problem+json");
        // Another restaurant's delivery is not found through this one.
        Pos other = pos(200);
        register(other).statusCode(200);
        as(other.owner()).post("/restaurants/{r}/integrations/pos/deliveries/{d}/retry", other.restaurantId(),
                deliveryId).then().statusCode(404);
    }

    @Test
    void unpaidOrdersRestaurantsWithoutPosAndRemovedIntegrationsGetNothing() throws Exception {
        // A restaurant without a POS: its paid order is recorded for nobody.
        Pos without = pos(200);
        PlacedOrder unnoticed = Orders.paid(without.owner(), without.restaurantId(), without.itemId());

        // A restaurant with a POS: a declined payment is not the restaurant's business.
        Pos p = pos(200);
        register(p).statusCode(200);
        PlacedOrder declined = Orders.placed(p.owner(), p.restaurantId(), p.itemId());
        given().header("Authorization", "Bearer " + Orders.SANDBOX_KEY)
                .formParam("payment_method", "pm_card_chargeDeclined")
                .post("/sandbox/stripe/v1/payment_intents/{id}/confirm", declined.paymentIntentId())
                .then().statusCode(402);
        Orders.awaitStatus(declined.customerToken(), declined.orderId(), "PAYMENT_FAILED");
        publish("org.dabba.order.cancelled", UUID.randomUUID().toString(), p.restaurantId(), "CANCELLED");
        // The consumer handles events in order: once this paid order is recorded, the ones before it were seen.
        PlacedOrder paid = Orders.paid(p.owner(), p.restaurantId(), p.itemId());
        awaitReceived(p, 1);

        deliveries(p, "").statusCode(200).body("total", equalTo(1)).body("items[0].orderId", equalTo(paid.orderId()));
        assertEquals(1, received(p).size());
        assertEquals(0L, deliveriesOfOrder(unnoticed.orderId()));
        assertEquals(0L, deliveriesOfOrder(declined.orderId()));
        as(without.owner()).get("/restaurants/{r}/integrations/pos/deliveries", without.restaurantId())
                .then().statusCode(404).contentType("application/problem+json");

        // Removed: no more deliveries, and nothing to read.
        as(p.owner()).delete("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(204);
        as(p.owner()).get("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(404)
                .contentType("application/problem+json");
        as(p.owner()).delete("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(404);
        publish("org.dabba.order.restaurant.confirmed", paid.orderId(), p.restaurantId(), "ACCEPTED");
        Pos witness = pos(200);
        register(witness).statusCode(200);
        publish("org.dabba.order.restaurant.confirmed", UUID.randomUUID().toString(), witness.restaurantId(), "ACCEPTED");
        awaitReceived(witness, 1);
        assertEquals(1, received(p).size());
        assertEquals(0L, deliveriesOfOrder(paid.orderId()));
    }

    @Test
    void deliveredDeliveriesAreForgottenAfterTheRetentionAndOthersKept() {
        Pos p = pos(200);
        register(p).statusCode(200);
        PlacedOrder old = Orders.paid(p.owner(), p.restaurantId(), p.itemId());
        PlacedOrder recent = Orders.paid(p.owner(), p.restaurantId(), p.itemId());
        awaitReceived(p, 2);
        await().atMost(PATIENCE).untilAsserted(() -> deliveries(p, "?status=DELIVERED").body("total", equalTo(2)));
        QuarkusTransaction.requiringNew().run(() -> PosDelivery.update("deliveredAt = ?1 where orderId = ?2",
                java.time.Instant.now().minus(Duration.ofDays(8)), java.util.UUID.fromString(old.orderId())));

        assertTrue(posDeliveries.purgeDelivered() >= 1);
        deliveries(p, "").body("total", equalTo(1)).body("items[0].orderId", equalTo(recent.orderId()));
    }

    @Test
    void registeringAgainReplacesUrlAndSecret() {
        Pos p = pos(200);
        String createdAt = register(p).statusCode(200).extract().path("createdAt");
        String path = "/pos/" + UUID.randomUUID();
        String url = "http://localhost:" + RECEIVER.port() + path;
        String secret = "another-secret-0123456789";
        as(p.owner()).body(Map.of("url", url, "secret", secret))
                .put("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(200)
                .body("url", equalTo(url)).body("secretHint", equalTo("****6789"))
                .body("createdAt", equalTo(createdAt));
        as(p.owner()).get("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(200)
                .body("url", equalTo(url)).body("createdAt", equalTo(createdAt));
        // An admin may look (support), not change.
        as(Api.adminToken()).get("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(200)
                .body("url", equalTo(url));
        as(Api.adminToken()).get("/restaurants/{r}/integrations/pos/deliveries", p.restaurantId()).then()
                .statusCode(200).body("total", equalTo(0));
        as(Api.adminToken()).body(Map.of("url", url, "secret", secret))
                .put("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(403);
        as(Api.adminToken()).delete("/restaurants/{r}/integrations/pos", p.restaurantId()).then().statusCode(403);
    }

    @Test
    void onlyTheOwnerMayTouchIt() {
        Pos p = pos(200);
        register(p).statusCode(200);
        String base = "/restaurants/" + p.restaurantId() + "/integrations/pos";
        Map<String, String> body = Map.of("url", p.url(), "secret", p.secret());

        // No token: 401 everywhere, as problem+json.
        given().contentType(ContentType.JSON).body(body).put(base).then().statusCode(401)
                .contentType("application/problem+json");
        given().get(base).then().statusCode(401).contentType("application/problem+json");
        given().delete(base).then().statusCode(401);
        given().get(base + "/deliveries").then().statusCode(401).contentType("application/problem+json");
        given().post(base + "/deliveries/" + UUID.randomUUID() + "/retry").then().statusCode(401);

        // Another owner: 403 for this ACTIVE (public) restaurant...
        String stranger = Api.newUser("RESTAURANT_OWNER");
        as(stranger).body(body).put(base).then().statusCode(403).contentType("application/problem+json");
        as(stranger).get(base).then().statusCode(403);
        as(stranger).delete(base).then().statusCode(403);
        as(stranger).get(base + "/deliveries").then().statusCode(403);
        as(stranger).post(base + "/deliveries/" + UUID.randomUUID() + "/retry").then().statusCode(403);
        // ... and 404 for one the public cannot see (its existence does not leak).
        String hiddenOwner = Api.newUser("RESTAURANT_OWNER");
        String hidden = Api.register(hiddenOwner);
        as(stranger).body(body).put("/restaurants/{r}/integrations/pos", hidden).then().statusCode(404);
        as(stranger).get("/restaurants/{r}/integrations/pos/deliveries", hidden).then().statusCode(404);
        // Its own owner may register before verification (the POS is ready when orders come).
        as(hiddenOwner).body(body).put("/restaurants/{r}/integrations/pos", hidden).then().statusCode(200);

        // A customer: 403 (the role).
        String customer = Api.newUser("CUSTOMER");
        as(customer).body(body).put(base).then().statusCode(403).contentType("application/problem+json");
        as(customer).get(base).then().statusCode(403);
        as(customer).delete(base).then().statusCode(403);
        as(customer).get(base + "/deliveries").then().statusCode(403);

        // Unknown or malformed restaurant ids: 404.
        as(p.owner()).body(body).put("/restaurants/{r}/integrations/pos", UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as(p.owner()).get("/restaurants/{r}/integrations/pos", UUID.randomUUID()).then().statusCode(404);
        as(p.owner()).get("/restaurants/not-a-uuid/integrations/pos/deliveries").then().statusCode(404);
        as(Api.adminToken()).get("/restaurants/{r}/integrations/pos", UUID.randomUUID()).then().statusCode(404);

        // Still registered as the owner left it.
        as(p.owner()).get(base).then().statusCode(200).body("url", equalTo(p.url()));
    }

    @Test
    void badInputIsA400NamingTheField() {
        Pos p = pos(200);
        String base = "/restaurants/" + p.restaurantId() + "/integrations/pos";
        Function<Map<String, Object>, ValidatableResponse> put = b -> as(p.owner()).body(b).put(base).then()
                .statusCode(400).contentType("application/problem+json");

        for (String url : List.of("not a url", "pos.example.com/hooks", "/relative/path", "ftp://pos.example.com/x",
                "mailto:pos@example.com", "http://user:password@pos.example.com/x", "https://pos.example.com/x#frag",
                "https:///no-host", "https://" + "a".repeat(2040) + ".com/")) {
            put.apply(Map.of("url", url, "secret", p.secret())).body("errors[0].field", equalTo("url"));
        }
        put.apply(Map.of("secret", p.secret())).body("errors[0].field", equalTo("url"));
        put.apply(Map.of("url", p.url(), "secret", "too-short-15chr")).body("errors[0].field", equalTo("secret"));
        put.apply(Map.of("url", p.url(), "secret", "x".repeat(257))).body("errors[0].field", equalTo("secret"));
        put.apply(Map.of("url", p.url(), "secret", " ".repeat(20))).body("errors[0].field", equalTo("secret"));
        put.apply(Map.of("url", p.url())).body("errors[0].field", equalTo("secret"));
        as(p.owner()).body("{\"url\": ").put(base).then().statusCode(400).contentType("application/problem+json");
        as(p.owner()).put(base).then().statusCode(400).contentType("application/problem+json");
        // Nothing was registered by any of these.
        as(p.owner()).get(base).then().statusCode(404);

        register(p).statusCode(200);
        as(p.owner()).get(base + "/deliveries?status=LOST").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("status"));
        as(p.owner()).get(base + "/deliveries?size=0").then().statusCode(400).body("errors[0].field", equalTo("size"));
        as(p.owner()).get(base + "/deliveries?page=-1").then().statusCode(400).body("errors[0].field", equalTo("page"));
        as(p.owner()).get(base + "/deliveries?status=dead").then().statusCode(200).body("total", equalTo(0));
        as(p.owner()).post(base + "/deliveries/not-a-uuid/retry").then().statusCode(404)
                .contentType("application/problem+json");
    }

    static long deliveriesOfOrder(String orderId) {
        return QuarkusTransaction.requiringNew().call(() ->
                PosDelivery.count("orderId", UUID.fromString(orderId)));
    }

    static void assertSignedWith(String secret, LoggedRequest request) {
        String header = request.getHeader(WebhookSignatures.HEADER);
        assertNotNull(header, "signed");
        Map<String, String> parts = new HashMap<>();
        for (String part : header.split(",")) {
            String[] kv = part.split("=", 2);
            parts.put(kv[0], kv[1]);
        }
        long t = Long.parseLong(parts.get("t"));
        assertTrue(Math.abs(System.currentTimeMillis() / 1000 - t) < 300, "a fresh timestamp");
        assertEquals(WebhookSignatures.v1(secret, t, request.getBody()), parts.get("v1"));
    }

    static void assertNothingInternalLeaked(String secret, LoggedRequest request) {
        for (HttpHeader h : request.getHeaders().all()) {
            assertFalse(h.key().equalsIgnoreCase(WebhookSignatures.SECRET_HEADER), "no secret header");
            assertFalse(h.key().regionMatches(true, 0, "Camel", 0, 5), "no Camel header: " + h.key());
            assertFalse(h.key().regionMatches(true, 0, "DabbaEvent", 0, 10), "no internal header: " + h.key());
            for (String value : h.values()) {
                assertFalse(value.contains(secret), "the secret is not sent in " + h.key());
            }
        }
        assertFalse(new String(request.getBody()).contains(secret));
        assertTrue(request.getHeader("User-Agent").startsWith("Dabba-Webhooks/"));
    }
}
