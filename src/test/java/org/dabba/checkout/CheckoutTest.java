package org.dabba.checkout;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.dabba.platform.Time;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checkout flow over HTTP on the Stripe-compatible sandbox: cart → summary → checkout → confirm → webhook →
 * the order paid and its event published; the declined card, the gateway refusing, stale carts, promotions,
 * idempotency (also two requests at once), expiry, and who may read what.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CheckoutTest {

    static final String STRIPE_KEY = "sk_test_dabba_sandbox";
    /** The restaurant of Api.restaurantBody() is at 17.3850, 78.4867; this point is about 1.1 km north. */
    static final double LAT = 17.3950;
    static final double LON = 78.4867;
    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Inject
    CamelContext camel;

    @Inject
    CheckoutService checkout;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    /** A customer with a cart of {@code quantity} × a dish at {@code price} of a fresh ONLINE restaurant. */
    record Setup(String owner, String restaurantId, String itemId, String customer, String cartId) {
    }

    static Setup setup(String price, int quantity) {
        String[] r = Api.onlineRestaurant();
        String item = Api.dish(r[0], r[1], "Paneer Tikka", price);
        String customer = Api.newUser("CUSTOMER");
        String cartId = as(customer).body(Map.of("restaurantId", r[1], "itemId", item, "quantity", quantity))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");
        return new Setup(r[0], r[1], item, customer, cartId);
    }

    static RequestSpecification exact(String token) {
        return as(token).config(EXACT);
    }

    static Response summary(String token, String cartId, String promoCode) {
        RequestSpecification spec = exact(token).queryParam("cartId", cartId).queryParam("lat", LAT)
                .queryParam("long", LON);
        if (promoCode != null) {
            spec.queryParam("promoCode", promoCode);
        }
        return spec.get("/checkout/summary");
    }

    static Map<String, Object> body(String cartId, String method, String promoCode) {
        Map<String, Object> body = new HashMap<>();
        body.put("cartId", cartId);
        body.put("deliveryAddress", Map.of("street", "1 Banjara Hills Rd", "city", "Hyderabad", "zipCode", "500034",
                "latitude", LAT, "longitude", LON));
        body.put("paymentMethod", method);
        if (promoCode != null) {
            body.put("promoCode", promoCode);
        }
        return body;
    }

    static Response checkout(String token, String key, Map<String, Object> body) {
        RequestSpecification spec = exact(token).body(body);
        if (key != null) {
            spec.header("Idempotency-Key", key);
        }
        return spec.post("/orders/checkout");
    }

    static Response confirm(String intentId, String paymentMethod) {
        return given().header("Authorization", "Bearer " + STRIPE_KEY).formParam("payment_method", paymentMethod)
                .post("/sandbox/stripe/v1/payment_intents/{id}/confirm", intentId);
    }

    static void awaitStatus(String token, String orderId, String status, String paymentStatus) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(token).get("/orders/{id}/status", orderId).then().statusCode(200)
                        .body("status", equalTo(status)).body("paymentStatus", equalTo(paymentStatus)));
    }

    static String promotion(Map<String, Object> fields) {
        String code = "T" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        Map<String, Object> body = new HashMap<>(fields);
        body.put("code", code);
        as(Api.adminToken()).body(body).post("/admin/promotions").then().statusCode(201);
        return code;
    }

    private static List<JsonNode> eventsOf(String orderId) {
        return OrderEvents.of(orderId);
    }

    private static long sandboxIntentsFor(String orderId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager().createNativeQuery(
                "select count(*) from sandbox_payment_intents where metadata ->> 'orderId' = ?1")
                .setParameter(1, orderId).getSingleResult()).longValue());
    }

    private static String sandboxIntentStatus(String intentId) {
        return given().header("Authorization", "Bearer " + STRIPE_KEY)
                .get("/sandbox/stripe/v1/payment_intents/{id}", intentId).then().statusCode(200)
                .extract().path("status");
    }

    @Test
    void cartSummaryCheckoutConfirmWebhookPaid() {
        Setup s = setup("250.00", 2);

        // 500.00 subtotal, 5 % tax 25.00, platform fee 5.00, delivery base 20.00 (1.1 km, within the free 2 km)
        summary(s.customer(), s.cartId(), null).then().statusCode(200)
                .body("cartId", equalTo(s.cartId()))
                .body("restaurantId", equalTo(s.restaurantId()))
                .body("items[0].itemId", equalTo(s.itemId()))
                .body("items[0].quantity", equalTo(2))
                .body("items[0].unitPrice", equalTo(new BigDecimal("250.00")))
                .body("pricing.subtotal", equalTo(new BigDecimal("500.00")))
                .body("pricing.discount", equalTo(new BigDecimal("0.00")))
                .body("pricing.tax", equalTo(new BigDecimal("25.00")))
                .body("pricing.platformFee", equalTo(new BigDecimal("5.00")))
                .body("pricing.deliveryFee", equalTo(new BigDecimal("20.00")))
                .body("pricing.total", equalTo(new BigDecimal("550.00")))
                .body("pricing.currency", equalTo("INR"))
                .body("estimatedDeliveryMinutes", equalTo(24)); // declared 20 min + 1.1 km at 20 km/h

        JsonPath created = checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", null))
                .then().statusCode(201)
                .header("Location", startsWith("/orders/"))
                .body("status", equalTo("PAYMENT_PENDING"))
                .body("paymentIntentId", startsWith("pi_"))
                .body("clientSecret", startsWith("pi_"))
                .body("amount", equalTo(new BigDecimal("550.00")))
                .body("currency", equalTo("INR"))
                .extract().jsonPath();
        String orderId = created.getString("orderId");
        String intentId = created.getString("paymentIntentId");
        as(s.customer()).get("/carts/{id}", s.cartId()).then().statusCode(200)
                .body("status", equalTo("CHECKOUT_IN_PROGRESS"));
        given().header("Authorization", "Bearer " + STRIPE_KEY).get("/sandbox/stripe/v1/payment_intents/{id}", intentId)
                .then().statusCode(200).body("amount", equalTo(55000)).body("currency", equalTo("inr"))
                .body("metadata.orderId", equalTo(orderId)).body("payment_method_types", equalTo(List.of("card")));
        as(s.customer()).get("/orders/{id}/status", orderId).then().statusCode(200)
                .body("orderId", equalTo(orderId)).body("status", equalTo("PAYMENT_PENDING"))
                .body("paymentStatus", equalTo("PENDING"));

        confirm(intentId, "pm_card_visa").then().statusCode(200).body("status", equalTo("succeeded"));
        awaitStatus(s.customer(), orderId, "PENDING_RESTAURANT_ACCEPTANCE", "SUCCEEDED");

        as(s.customer()).get("/carts/{id}", s.cartId()).then().statusCode(404);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(orderId).stream()
                .anyMatch(e -> e.path("type").asText().equals("org.dabba.order.payment.success")));
        JsonNode paid = eventsOf(orderId).stream().filter(e -> e.path("type").asText().equals("org.dabba.order.payment.success"))
                .findFirst().orElseThrow();
        assertEquals("/dabba/order", paid.path("source").asText());
        JsonNode data = paid.path("data");
        assertEquals(orderId, data.path("orderId").asText());
        assertEquals(s.restaurantId(), data.path("restaurantId").asText());
        assertEquals(0, new BigDecimal("550.00").compareTo(data.path("total").decimalValue()));
        assertEquals(s.itemId(), data.path("items").get(0).path("itemId").asText());
        assertEquals(2, data.path("items").get(0).path("quantity").asInt());
        assertEquals(intentId, data.path("paymentIntentId").asText());

        exact(s.customer()).get("/orders/{id}", orderId).then().statusCode(200)
                .body("orderId", equalTo(orderId))
                .body("customerId", equalTo(data.path("customerId").asText()))
                .body("cartId", equalTo(s.cartId()))
                .body("paymentMethod", equalTo("CARD"))
                .body("paymentIntentId", equalTo(intentId))
                .body("items[0].name", equalTo("Paneer Tikka"))
                .body("deliveryAddress.city", equalTo("Hyderabad"))
                .body("pricing.total", equalTo(new BigDecimal("550.00")))
                .body("history.to", equalTo(List.of("PAYMENT_PENDING", "PENDING_RESTAURANT_ACCEPTANCE")))
                .body("history[1].from", equalTo("PAYMENT_PENDING"))
                .body("history[1].at", startsWith("20"));
        as(s.customer()).get("/orders").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].orderId", equalTo(orderId));

        // A second customer's cart afterwards is a new checkout: the first one's cart is gone.
        as(s.customer()).body(Map.of("restaurantId", s.restaurantId(), "itemId", s.itemId(), "quantity", 1))
                .put("/carts/items").then().statusCode(201);
    }

    @Test
    void aDeclinedCardFailsTheOrderUnlocksTheCartAndReleasesThePromotion() {
        Setup s = setup("300.00", 1);
        // 300.00 − 30.00 = 270.00; tax 13.50; + 5.00 + 20.00 = 308.50
        String code = promotion(Map.of("type", "FLAT", "value", "30", "perUserLimit", 1));
        String intentId = checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", code))
                .then().statusCode(201).body("amount", equalTo(new BigDecimal("308.50")))
                .extract().path("paymentIntentId");
        String orderId = given().header("Authorization", "Bearer " + STRIPE_KEY)
                .get("/sandbox/stripe/v1/payment_intents/{id}", intentId).then().extract().path("metadata.orderId");

        confirm(intentId, "pm_card_chargeDeclined").then().statusCode(402);
        awaitStatus(s.customer(), orderId, "PAYMENT_FAILED", "FAILED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(s.customer()).get("/carts/{id}", s.cartId())
                .then().statusCode(200).body("status", equalTo("ACTIVE")));
        // The failed order's intent is cancelled, so it cannot be paid later.
        await().atMost(Duration.ofSeconds(10)).until(() -> sandboxIntentStatus(intentId).equals("canceled"));
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(orderId).stream()
                .anyMatch(e -> e.path("type").asText().equals("org.dabba.order.payment.failed")));

        // A new checkout with a new key works, and the once-per-customer code is usable again.
        String retry = checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "UPI", code))
                .then().statusCode(201).body("status", equalTo("PAYMENT_PENDING"))
                .body("amount", equalTo(new BigDecimal("308.50"))).extract().path("orderId");
        assertNotEquals(orderId, retry);
        as(s.customer()).get("/orders").then().body("total", equalTo(2)).body("items[0].orderId", equalTo(retry));
    }

    @Test
    void aGatewayRefusalIs502TheOrderFailsAndNothingStaysHeld() {
        // 10 × 100000.00 is more than the gateway takes in one intent (99999999 minor units).
        Setup s = setup("100000.00", 10);
        String code = promotion(Map.of("type", "FLAT", "value", "1", "perUserLimit", 1));
        checkout(s.customer(), "too-big", body(s.cartId(), "CARD", code)).then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/payment-gateway-rejected"))
                .body("gatewayErrorCode", equalTo("amount_too_large"));
        as(s.customer()).get("/orders").then().body("items[0].status", equalTo("PAYMENT_FAILED"))
                .body("items[0].paymentStatus", equalTo("FAILED"));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(s.customer()).get("/carts/{id}", s.cartId())
                .then().statusCode(200).body("status", equalTo("ACTIVE")));
        // The promotion use went with the failed order: the code still applies.
        summary(s.customer(), s.cartId(), code).then().statusCode(200)
                .body("pricing.discount", equalTo(new BigDecimal("1.00")));
        // The key is spent on a failed checkout: replaying it says so.
        checkout(s.customer(), "too-big", body(s.cartId(), "CARD", code)).then().statusCode(409)
                .body("type", equalTo("/problems/checkout-failed"));
    }

    @Test
    void aStaleCartIs409ListingEachChangedItem() {
        Setup s = setup("100.00", 1);
        String pricey = Api.dish(s.owner(), s.restaurantId(), "Dal Makhani", "150.00");
        String gone = Api.dish(s.owner(), s.restaurantId(), "Naan", "40.00");
        String fine = Api.dish(s.owner(), s.restaurantId(), "Raita", "30.00");
        for (String item : List.of(pricey, gone, fine)) {
            as(s.customer()).body(Map.of("restaurantId", s.restaurantId(), "itemId", item, "quantity", 1))
                    .put("/carts/items").then().statusCode(200);
        }
        as(s.owner()).body(Map.of("isAvailable", false))
                .patch("/restaurants/{r}/menu/items/{i}/availability", s.restaurantId(), s.itemId())
                .then().statusCode(200);
        as(s.owner()).body(Map.of("price", "160.00"))
                .put("/restaurants/{r}/menu/items/{i}", s.restaurantId(), pricey).then().statusCode(200);
        as(s.owner()).delete("/restaurants/{r}/menu/items/{i}", s.restaurantId(), gone).then().statusCode(204);

        summary(s.customer(), s.cartId(), null).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("/problems/cart-stale"))
                .body("cartId", equalTo(s.cartId()))
                .body("items.size()", equalTo(3))
                .body("items.find { it.itemId == '" + s.itemId() + "' }.reason", equalTo("UNAVAILABLE"))
                .body("items.find { it.itemId == '" + pricey + "' }.reason", equalTo("PRICE_CHANGED"))
                .body("items.find { it.itemId == '" + pricey + "' }.cartPrice", equalTo(new BigDecimal("150.00")))
                .body("items.find { it.itemId == '" + pricey + "' }.currentPrice", equalTo(new BigDecimal("160.00")))
                .body("items.find { it.itemId == '" + gone + "' }.reason", equalTo("REMOVED"))
                .body("items.find { it.itemId == '" + gone + "' }.currentPrice", nullValue());

        // Checkout refuses the same way and leaves the cart unlocked and no order behind.
        checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", null)).then().statusCode(409)
                .body("type", equalTo("/problems/cart-stale"));
        as(s.customer()).get("/carts/{id}", s.cartId()).then().body("status", equalTo("ACTIVE"));
        as(s.customer()).get("/orders").then().body("total", equalTo(0));

        // The restaurant going OFFLINE is 409 restaurant-closed; a point far away is 422 out-of-delivery-area.
        Setup t = setup("100.00", 1);
        exact(t.customer()).queryParam("cartId", t.cartId()).queryParam("lat", 19.0760).queryParam("long", 72.8777)
                .get("/checkout/summary").then().statusCode(422).body("type", equalTo("/problems/out-of-delivery-area"));
        Api.switchStatus(t.owner(), t.restaurantId(), "OFFLINE");
        summary(t.customer(), t.cartId(), null).then().statusCode(409)
                .body("type", equalTo("/problems/restaurant-closed"));
        checkout(t.customer(), UUID.randomUUID().toString(), body(t.cartId(), "CARD", null)).then().statusCode(409)
                .body("type", equalTo("/problems/restaurant-closed"));
        as(t.customer()).get("/carts/{id}", t.cartId()).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void promotionsApplyInTheSummaryAndTheCheckout() {
        Setup s = setup("200.00", 2);
        String code = promotion(Map.of("type", "PERCENTAGE", "value", "10", "maxDiscount", "30"));
        // 400.00 − 30.00 (10 % capped at 30) = 370.00; tax 18.50; + 5.00 + 20.00 = 413.50
        summary(s.customer(), s.cartId(), code.toLowerCase()).then().statusCode(200)
                .body("promoCode", equalTo(code))
                .body("pricing.discount", equalTo(new BigDecimal("30.00")))
                .body("pricing.tax", equalTo(new BigDecimal("18.50")))
                .body("pricing.total", equalTo(new BigDecimal("413.50")));
        String orderId = checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", code))
                .then().statusCode(201).body("amount", equalTo(new BigDecimal("413.50"))).extract().path("orderId");
        exact(s.customer()).get("/orders/{id}", orderId).then().body("promoCode", equalTo(code))
                .body("pricing.discount", equalTo(new BigDecimal("30.00")));

        String minimum = promotion(Map.of("type", "FLAT", "value", "50", "minOrderAmount", "1000"));
        Setup t = setup("200.00", 1);
        summary(t.customer(), t.cartId(), minimum).then().statusCode(422)
                .body("type", equalTo("/problems/promo-min-order-not-met"));
        summary(t.customer(), t.cartId(), "NO-SUCH-CODE").then().statusCode(422)
                .body("type", equalTo("/problems/promo-invalid"));
        checkout(t.customer(), UUID.randomUUID().toString(), body(t.cartId(), "CARD", minimum)).then().statusCode(422)
                .body("type", equalTo("/problems/promo-min-order-not-met"));
        as(t.customer()).get("/carts/{id}", t.cartId()).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void theSameIdempotencyKeyAnswersTheSameOrderAndIntent() {
        Setup s = setup("120.00", 1);
        String key = UUID.randomUUID().toString();
        JsonPath first = checkout(s.customer(), key, body(s.cartId(), "CARD", null)).then().statusCode(201)
                .extract().jsonPath();
        JsonPath again = checkout(s.customer(), key, body(s.cartId(), "CARD", null)).then().statusCode(201)
                .header("Idempotent-Replayed", "true").extract().jsonPath();
        assertEquals(first.getString("orderId"), again.getString("orderId"));
        assertEquals(first.getString("paymentIntentId"), again.getString("paymentIntentId"));
        assertEquals(first.getString("clientSecret"), again.getString("clientSecret"));
        assertEquals(1, sandboxIntentsFor(first.getString("orderId")));
        // Another key while the cart is held by the first checkout: the cart is locked.
        checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", null)).then().statusCode(409)
                .body("type", equalTo("/problems/cart-locked"));
    }

    @Test
    void twoConcurrentRequestsWithOneKeyMakeOneOrderAndOneIntent() throws Exception {
        for (int round = 0; round < 3; round++) {
            Setup s = setup("99.00", 1);
            String key = UUID.randomUUID().toString();
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Response>> calls = List.of(1, 2).stream().map(i -> CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return checkout(s.customer(), key, body(s.cartId(), "CARD", null));
            })).toList();
            start.countDown();
            List<JsonPath> answers = calls.stream().map(f -> {
                try {
                    Response r = f.get(30, TimeUnit.SECONDS);
                    r.then().statusCode(201);
                    return r.jsonPath();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
            String orderId = answers.get(0).getString("orderId");
            assertEquals(orderId, answers.get(1).getString("orderId"));
            assertEquals(answers.get(0).getString("paymentIntentId"), answers.get(1).getString("paymentIntentId"));
            assertTrue(answers.get(0).getString("paymentIntentId").startsWith("pi_"));
            assertEquals(1, sandboxIntentsFor(orderId));
            as(s.customer()).get("/orders").then().body("total", equalTo(1));
        }
    }

    @Test
    void theIdempotencyKeyIsRequiredAndBounded() {
        Setup s = setup("80.00", 1);
        checkout(s.customer(), null, body(s.cartId(), "CARD", null)).then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors.field", hasItem("Idempotency-Key"));
        checkout(s.customer(), "k".repeat(256), body(s.cartId(), "CARD", null)).then().statusCode(400)
                .body("errors.field", hasItem("Idempotency-Key"));
        Map<String, Object> bad = body(s.cartId(), "CASH", null);
        checkout(s.customer(), UUID.randomUUID().toString(), bad).then().statusCode(400);
        Map<String, Object> noCity = body(s.cartId(), "CARD", null);
        noCity.put("deliveryAddress", Map.of("street", "x", "zipCode", "1", "latitude", 91, "longitude", LON));
        checkout(s.customer(), UUID.randomUUID().toString(), noCity).then().statusCode(400)
                .body("errors.field", hasItem("deliveryAddress.city"))
                .body("errors.field", hasItem("deliveryAddress.latitude"));
        exact(s.customer()).queryParam("cartId", s.cartId()).queryParam("lat", "north").get("/checkout/summary")
                .then().statusCode(400).body("errors.field", hasItem("lat")).body("errors.field", hasItem("long"));
        exact(s.customer()).queryParam("lat", LAT).queryParam("long", 181).get("/checkout/summary")
                .then().statusCode(400).body("errors.field", hasItem("cartId")).body("errors.field", hasItem("long"));
        as(s.customer()).get("/carts/{id}", s.cartId()).then().body("status", equalTo("ACTIVE"));
    }

    @Test
    void onlyTheCustomerTheOwnerAndAdminsSeeAnOrder() {
        Setup s = setup("150.00", 1);
        String stranger = Api.newUser("CUSTOMER");
        String otherOwner = Api.newUser("RESTAURANT_OWNER");

        given().queryParam("cartId", s.cartId()).queryParam("lat", LAT).queryParam("long", LON)
                .get("/checkout/summary").then().statusCode(401);
        summary(s.owner(), s.cartId(), null).then().statusCode(403);
        summary(stranger, s.cartId(), null).then().statusCode(404);
        given().contentType("application/json").header("Idempotency-Key", "k").body(body(s.cartId(), "CARD", null))
                .post("/orders/checkout").then().statusCode(401);
        checkout(s.owner(), "k", body(s.cartId(), "CARD", null)).then().statusCode(403);
        checkout(stranger, "k", body(s.cartId(), "CARD", null)).then().statusCode(404);
        as(s.customer()).get("/carts/{id}", s.cartId()).then().body("status", equalTo("ACTIVE"));

        String orderId = checkout(s.customer(), "k", body(s.cartId(), "CARD", null)).then().statusCode(201)
                .extract().path("orderId");
        for (String path : List.of("/orders/{id}", "/orders/{id}/status")) {
            given().get(path, orderId).then().statusCode(401);
            as(stranger).get(path, orderId).then().statusCode(404);
            as(otherOwner).get(path, orderId).then().statusCode(404);
            as(s.customer()).get(path, orderId).then().statusCode(200);
            as(s.owner()).get(path, orderId).then().statusCode(200);
            as(Api.adminToken()).get(path, orderId).then().statusCode(200);
            as(s.customer()).get(path, UUID.randomUUID()).then().statusCode(404);
            as(s.customer()).get(path, "not-a-uuid").then().statusCode(404);
        }
        given().get("/orders").then().statusCode(401);
        as(stranger).get("/orders").then().statusCode(200).body("total", equalTo(0));
        as(s.customer()).get("/orders?size=0").then().statusCode(400);
        // The same key of another customer is another checkout entirely.
        Setup t = setup("150.00", 1);
        String theirs = checkout(t.customer(), "k", body(t.cartId(), "CARD", null)).then().statusCode(201)
                .extract().path("orderId");
        assertNotEquals(orderId, theirs);
    }

    @Test
    void anOrderNotPaidInTimeIsCancelledWithItsIntent() {
        Setup s = setup("60.00", 1);
        String code = promotion(Map.of("type", "FLAT", "value", "5", "perUserLimit", 1));
        JsonPath created = checkout(s.customer(), UUID.randomUUID().toString(), body(s.cartId(), "CARD", code))
                .then().statusCode(201).extract().jsonPath();
        String orderId = created.getString("orderId");
        Instant createdAt = Instant.parse(as(s.customer()).get("/orders/{id}", orderId).then().extract()
                .path("createdAt"));

        // Not yet: the timeout has not passed.
        checkout.expireUnpaid(createdAt.plus(Duration.ofMinutes(14)));
        as(s.customer()).get("/orders/{id}/status", orderId).then().body("status", equalTo("PAYMENT_PENDING"));

        assertTrue(checkout.expireUnpaid(createdAt.plus(Duration.ofMinutes(15)).plusMillis(1)) >= 1);
        as(s.customer()).get("/orders/{id}/status", orderId).then().body("status", equalTo("CANCELLED"))
                .body("paymentStatus", equalTo("FAILED"));
        assertEquals("canceled", sandboxIntentStatus(created.getString("paymentIntentId")));
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> as(s.customer()).get("/carts/{id}", s.cartId())
                .then().statusCode(200).body("status", equalTo("ACTIVE")));
        summary(s.customer(), s.cartId(), code).then().statusCode(200)
                .body("pricing.discount", equalTo(new BigDecimal("5.00")));
        // A confirmation after the cancellation cannot take the money.
        confirm(created.getString("paymentIntentId"), "pm_card_visa").then().statusCode(400);
        await().atMost(Duration.ofSeconds(10)).until(() -> eventsOf(orderId).stream()
                .anyMatch(e -> e.path("type").asText().equals("org.dabba.order.cancelled")));
        as(s.customer()).get("/orders/{id}", orderId).then()
                .body("history.to", equalTo(List.of("PAYMENT_PENDING", "CANCELLED")))
                .body("history[1].reason", startsWith("payment not completed within"));
        assertTrue(Time.now().isAfter(createdAt));
    }

    @Test
    void anOrderWhoseExpiryFailsDoesNotHoldUpTheOthers() {
        Setup a = setup("40.00", 1);
        String stuck = checkout(a.customer(), UUID.randomUUID().toString(), body(a.cartId(), "CARD", null))
                .then().statusCode(201).extract().path("orderId");
        Setup b = setup("45.00", 1);
        String next = checkout(b.customer(), UUID.randomUUID().toString(), body(b.cartId(), "CARD", null))
                .then().statusCode(201).extract().path("orderId");
        Instant createdAt = Instant.parse(as(b.customer()).get("/orders/{id}", next).then().extract()
                .path("createdAt"));
        // The older order's intent is unknown to the gateway: cancelling it fails on every run.
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("update orders set payment_intent_id = :pi where id = :id")
                .setParameter("pi", "pi_unknown_" + UUID.randomUUID().toString().replace("-", ""))
                .setParameter("id", UUID.fromString(stuck)).executeUpdate());

        // One order a page: the walk goes past the one that fails, page after page.
        checkout.expireUnpaid(createdAt.plus(Duration.ofMinutes(15)).plusMillis(1), 1, 100_000);

        as(a.customer()).get("/orders/{id}/status", stuck).then().body("status", equalTo("PAYMENT_PENDING"));
        as(b.customer()).get("/orders/{id}/status", next).then().body("status", equalTo("CANCELLED"));
    }
}
