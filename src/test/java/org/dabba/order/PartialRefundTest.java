package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.dabba.payment.StripeSignature;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Admins' partial refunds (exact to the paisa, never more than the charge, even racing), the gateway's refund
 * events settling refunds, and payments that do not match their order.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class PartialRefundTest {

    static final String WEBHOOK_SECRET = "whsec_dabba_sandbox";

    @Inject
    CamelContext camel;

    @Inject
    DeliveryProgress orders;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    /** A delivered order of a fresh restaurant: 2 × a dish at {@code price}. */
    PlacedOrder delivered(String price) {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.paid(r[0], r[1], Api.dish(r[0], r[1], "Thali", price));
        as(r[0]).post("/restaurants/{r}/orders/{o}/accept", r[1], o.orderId()).then().statusCode(200);
        UUID courier = CancelTest.subject(Api.newUser("COURIER"));
        UUID orderId = UUID.fromString(o.orderId());
        assertTrue(orders.assignCourier(orderId, courier, Actor.courier(courier)));
        orders.pickedUp(courier, orderId);
        orders.delivered(courier, orderId);
        return o;
    }

    static JsonPath order(PlacedOrder o) {
        return as(o.customerToken()).get("/orders/{id}", o.orderId()).then().statusCode(200).extract().jsonPath();
    }

    static BigDecimal total(PlacedOrder o) {
        return new BigDecimal(order(o).getString("pricing.total"));
    }

    static io.restassured.response.ValidatableResponse refund(String token, String orderId, Object amount,
            String reason) {
        Map<String, Object> body = new java.util.HashMap<>();
        if (amount != null) {
            body.put("amount", amount);
        }
        if (reason != null) {
            body.put("reason", reason);
        }
        return as(token).body(body).post("/admin/orders/{id}/refunds", orderId).then();
    }

    static void awaitPayment(PlacedOrder o, String paymentStatus) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then()
                        .body("paymentStatus", equalTo(paymentStatus)));
    }

    /** What the sandbox's charge says is refunded (a PaymentIntent does not show it: its charge does). */
    static long sandboxAmountRefunded(String paymentIntentId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) Panache.getEntityManager().createNativeQuery(
                "select amount_refunded from sandbox_payment_intents where id = ?1").setParameter(1, paymentIntentId)
                .getSingleResult()).longValue());
    }

    @Test
    void partialRefundsAreExactToThePaisa() {
        PlacedOrder o = delivered("240.35");
        BigDecimal total = total(o);
        String admin = Api.adminToken();

        refund(admin, o.orderId(), new BigDecimal("100.01"), "Missing raita").statusCode(201)
                .body("status", equalTo("PENDING")).body("amount", equalTo(100.01f))
                .body("requestedBy.kind", equalTo("ADMIN"));
        awaitPayment(o, "PARTIALLY_REFUNDED");
        refund(admin, o.orderId(), new BigDecimal("205.36"), "Cold naan").statusCode(201);
        awaitPayment(o, "PARTIALLY_REFUNDED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of("SUCCEEDED", "SUCCEEDED"),
                order(o).getList("refunds.status")));

        BigDecimal rest = total.subtract(new BigDecimal("305.37"));
        refund(admin, o.orderId(), rest.add(new BigDecimal("0.01")), "Too much").statusCode(409)
                .body("type", equalTo("/problems/refund-exceeds-charge"))
                .body("refundable", equalTo(rest.toPlainString()));
        refund(admin, o.orderId(), new BigDecimal("0.001"), "Sub-paisa").statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        refund(admin, o.orderId(), new BigDecimal("0"), "Nothing").statusCode(400)
                .body("errors[0].field", equalTo("amount"));
        refund(admin, o.orderId(), new BigDecimal("1.00"), null).statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        refund(admin, o.orderId(), null, "No amount").statusCode(400).body("errors[0].field", equalTo("amount"));
        refund(o.customerToken(), o.orderId(), new BigDecimal("1.00"), "Me").statusCode(403);
        refund(admin, UUID.randomUUID().toString(), new BigDecimal("1.00"), "Nobody").statusCode(404);

        refund(admin, o.orderId(), rest, "The rest").statusCode(201);
        awaitPayment(o, "REFUNDED");
        refund(admin, o.orderId(), new BigDecimal("0.01"), "More").statusCode(409).body("refundable",
                equalTo("0.00"));

        JsonPath after = order(o);
        assertEquals(List.of("100.01", "205.36", rest.toPlainString()), after.getList("refunds.amount").stream()
                .map(a -> new BigDecimal(a.toString()).setScale(2).toPlainString()).toList());
        assertEquals("DELIVERED", after.getString("status"));
        long totalMinor = total.movePointRight(2).longValueExact();
        assertEquals(List.of(3L, totalMinor), List.of(RefundTest.sandboxRefunds(o.paymentIntentId())[0],
                RefundTest.sandboxRefunds(o.paymentIntentId())[1]));
        assertEquals(totalMinor, sandboxAmountRefunded(o.paymentIntentId()));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertEquals(3, OrderEvents.of(o.orderId())
                .stream().filter(e -> e.path("type").asText().equals("org.dabba.order.payment.refunded")).count()));
        assertEquals(List.of("10001", "20536"), OrderEvents.of(o.orderId()).stream()
                .filter(e -> e.path("type").asText().equals("org.dabba.order.payment.refunded")).limit(2)
                .map(e -> e.path("data").path("amount").decimalValue().movePointRight(2).toBigInteger().toString())
                .toList());
        as(admin).queryParam("size", 100).get("/admin/refunds").then().statusCode(200)
                .body("items.orderId", not(hasItem(o.orderId())));
    }

    @Test
    void twentyRefundsAtOnceNeverExceedTheCharge() {
        PlacedOrder o = delivered("250.00");
        BigDecimal total = total(o);
        String admin = Api.adminToken();
        BigDecimal each = new BigDecimal("60.00");
        List<Supplier<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() -> refund(admin, o.orderId(), each, "Race").extract().statusCode());
        }
        List<Integer> answers = AtOnce.run(calls);
        long accepted = answers.stream().filter(s -> s == 201).count();
        assertEquals(20 - accepted, answers.stream().filter(s -> s == 409).count(), answers.toString());
        assertEquals(total.divideToIntegralValue(each).longValueExact(), accepted, answers.toString());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertTrue(order(o).getList("refunds.status")
                .stream().allMatch("SUCCEEDED"::equals)));
        long[] sandbox = RefundTest.sandboxRefunds(o.paymentIntentId());
        assertEquals(accepted, sandbox[0]);
        assertEquals(6000 * accepted, sandbox[1]);
        assertTrue(sandbox[1] <= total.movePointRight(2).longValueExact());
        awaitPayment(o, "PARTIALLY_REFUNDED");
    }

    /** A payment_intent.succeeded for the order's intent, as Stripe would sign it, with the given amount and mode. */
    static String succeeded(String eventId, PlacedOrder o, long amount, String currency, boolean livemode) {
        return """
                {
                  "id": "%s",
                  "object": "event",
                  "created": %d,
                  "data": { "object": { "id": "%s", "object": "payment_intent", "amount": %d, "amount_received": %d,
                    "currency": "%s", "metadata": { "orderId": "%s" }, "status": "succeeded" } },
                  "livemode": %s,
                  "type": "payment_intent.succeeded"
                }
                """.formatted(eventId, Instant.now().getEpochSecond(), o.paymentIntentId(), amount, amount, currency,
                o.orderId(), livemode);
    }

    static void deliver(String body) {
        given().contentType("application/json; charset=utf-8").body(body.getBytes(StandardCharsets.UTF_8))
                .header("Stripe-Signature", StripeSignature.header(WEBHOOK_SECRET, Instant.now().getEpochSecond(),
                        body.getBytes(StandardCharsets.UTF_8)))
                .post("/webhooks/stripe").then().statusCode(200).body("received", equalTo(true));
    }

    static String eventId() {
        return "evt_test" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void aPaymentThatIsNotTheOrdersChangesNothingAndIsListed() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"));
        String wrongAmount = eventId();
        String wrongCurrency = eventId();
        String live = eventId();
        deliver(succeeded(wrongAmount, o, 100, "inr", false));
        deliver(succeeded(wrongCurrency, o, 55000, "usd", false));
        deliver(succeeded(live, o, 55000, "inr", true));
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then().body("status", equalTo("PAYMENT_PENDING"))
                .body("paymentStatus", equalTo("PENDING")).body("history.size()", equalTo(1));

        JsonPath listed = as(Api.adminToken()).queryParam("size", 100).get("/admin/payments/mismatches").then()
                .statusCode(200).extract().jsonPath();
        Map<String, Object> amount = listed.getMap("items.find { it.eventId == '" + wrongAmount + "' }");
        assertEquals(o.orderId(), amount.get("orderId"));
        assertEquals(55000, ((Number) amount.get("expectedAmount")).intValue());
        assertEquals(100, ((Number) amount.get("receivedAmount")).intValue());
        assertTrue(amount.get("detail").toString().contains("amount 100 instead of 55000"), amount.toString());
        assertTrue(listed.getString("items.find { it.eventId == '" + wrongCurrency + "' }.detail")
                .contains("currency usd"));
        assertTrue(listed.getString("items.find { it.eventId == '" + live + "' }.detail").contains("livemode true"));
        as(Api.newUser("CUSTOMER")).get("/admin/payments/mismatches").then().statusCode(403);

        // The real payment still counts.
        Orders.pay(o.paymentIntentId());
        Orders.awaitStatus(o.customerToken(), o.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
    }

    /** A refund asked for and not attempted yet (due tomorrow), so that only the gateway's events settle it. */
    static UUID pendingRefund(PlacedOrder o, String amount, String gatewayRefundId) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "insert into order_refunds (id, order_id, payment_intent_id, amount, reason, actor, status, "
                        + "gateway_refund_id, created_at, requested_at, attempts, key_generation, next_attempt_at) "
                        + "values (?1, ?2, ?3, ?4, 'by hand', 'SYSTEM', 'PENDING', ?5, now(), now(), 0, 1, "
                        + "now() + interval '1 day')")
                .setParameter(1, id).setParameter(2, UUID.fromString(o.orderId()))
                .setParameter(3, o.paymentIntentId()).setParameter(4, new BigDecimal(amount))
                .setParameter(5, gatewayRefundId).executeUpdate());
        return id;
    }

    static String delivery(String type, String contains) {
        return QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager().createNativeQuery(
                "select payload from sandbox_webhook_deliveries where event_type = ?1 and payload like ?2")
                .setParameter(1, type).setParameter(2, "%" + contains + "%").getSingleResult());
    }

    @Test
    void theGatewaysRefundEventsSettleRefundsOnce() {
        PlacedOrder o = Orders.paid();
        UUID refundId = pendingRefund(o, "100.00", null);
        // Refunded at the gateway by another hand than the refund process: only the events tell the order.
        String reId = given().header("Authorization", "Bearer " + Orders.SANDBOX_KEY)
                .formParam("payment_intent", o.paymentIntentId()).formParam("amount", 10000)
                .formParam("metadata[refundId]", refundId.toString())
                .post("/sandbox/stripe/v1/refunds").then().statusCode(200).extract().path("id");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(o.customerToken())
                .get("/orders/{id}", o.orderId()).then().body("refunds[0].status", equalTo("SUCCEEDED"))
                .body("refunds[0].gatewayRefundId", equalTo(reId))
                .body("paymentStatus", equalTo("PARTIALLY_REFUNDED")));
        int history = order(o).getList("history").size();

        // Stripe sends an event again: acknowledged, nothing changes.
        String updated = delivery("refund.updated", refundId.toString());
        deliver(updated);
        assertEquals(history, order(o).getList("history").size());

        // charge.refunded settles a refund the gateway took (its id known) once the refunded total covers it.
        UUID taken = pendingRefund(o, "50.00", "re_taken" + UUID.randomUUID().toString().replace("-", ""));
        String charge = """
                {
                  "id": "%s", "object": "event", "created": %d, "livemode": false, "type": "charge.refunded",
                  "data": { "object": { "id": "ch_test", "object": "charge", "amount": 55000, "amount_refunded": %d,
                    "currency": "inr", "payment_intent": "%s", "refunded": false } }
                }
                """;
        deliver(charge.formatted(eventId(), Instant.now().getEpochSecond(), 12000, o.paymentIntentId()));
        assertEquals("PENDING", order(o).getString("refunds.find { it.refundId == '" + taken + "' }.status"),
                "1.00 + 0.50 not covered by 1.20");
        String covering = charge.formatted(eventId(), Instant.now().getEpochSecond(), 15000, o.paymentIntentId());
        deliver(covering);
        assertEquals("SUCCEEDED", order(o).getString("refunds.find { it.refundId == '" + taken + "' }.status"));
        assertEquals("PARTIALLY_REFUNDED", order(o).getString("paymentStatus"));
        int settled = order(o).getList("history").size();
        deliver(covering);
        assertEquals(settled, order(o).getList("history").size(), "a redelivered event changes nothing");
        assertEquals(2, OrderEvents.of(o.orderId()).stream()
                .filter(e -> e.path("type").asText().equals("org.dabba.order.payment.refunded")).count());
    }
}
