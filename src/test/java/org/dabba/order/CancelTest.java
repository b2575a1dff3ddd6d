package org.dabba.order;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * POST /orders/{orderId}/cancel: who may cancel in which state, with which refund; its event, its races; and the
 * restaurant's cancellation rate.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CancelTest {

    @Inject
    CamelContext camel;

    @Inject
    DeliveryProgress orders;

    @Inject
    OrderCancellations cancellations;

    String owner;
    String restaurantId;
    String dish;

    @BeforeEach
    void restaurant() throws Exception {
        OrderEvents.listen(camel);
        String[] r = Api.onlineRestaurant();
        owner = r[0];
        restaurantId = r[1];
        dish = Api.dish(owner, restaurantId, "Paneer Tikka", "250.00");
    }

    static UUID subject(String token) {
        byte[] payload = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
        String json = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        int at = json.indexOf("\"sub\"");
        int start = json.indexOf('"', json.indexOf(':', at) + 1) + 1;
        return UUID.fromString(json.substring(start, json.indexOf('"', start)));
    }

    /** A fresh order of the test's restaurant in {@code state}, reached through the API (and delivery's calls). */
    PlacedOrder orderIn(String state) {
        if (state.equals("PAYMENT_PENDING")) {
            return Orders.placed(owner, restaurantId, dish);
        }
        PlacedOrder o = Orders.paid(owner, restaurantId, dish);
        if (state.equals("PENDING_RESTAURANT_ACCEPTANCE")) {
            return o;
        }
        if (state.equals("REJECTED")) {
            as(owner).body(Map.of("reason", "Closed")).post("/restaurants/{r}/orders/{o}/reject", restaurantId,
                    o.orderId()).then().statusCode(200);
            return o;
        }
        if (state.equals("CANCELLED")) {
            cancel(o.customerToken(), o, Map.of("reason", "Changed my mind")).statusCode(200);
            return o;
        }
        as(owner).post("/restaurants/{r}/orders/{o}/accept", restaurantId, o.orderId()).then().statusCode(200);
        if (state.equals("ACCEPTED")) {
            return o;
        }
        as(owner).body(Map.of("status", "IN_PREPARATION")).post("/restaurants/{r}/orders/{o}/status", restaurantId,
                o.orderId()).then().statusCode(200);
        if (state.equals("IN_PREPARATION")) {
            return o;
        }
        UUID courier = subject(Api.newUser("COURIER"));
        UUID orderId = UUID.fromString(o.orderId());
        assertTrue(orders.assignCourier(orderId, courier, Actor.courier(courier)));
        orders.pickedUp(courier, orderId);
        if (state.equals("OUT_FOR_DELIVERY")) {
            return o;
        }
        orders.delivered(courier, orderId);
        return o;
    }

    static io.restassured.response.ValidatableResponse cancel(String token, PlacedOrder o, Map<String, ?> body) {
        return as(token).body(body).post("/orders/{id}/cancel", o.orderId()).then();
    }

    static final List<String> STATES = List.of("PAYMENT_PENDING", "PENDING_RESTAURANT_ACCEPTANCE", "ACCEPTED",
            "IN_PREPARATION", "OUT_FOR_DELIVERY", "DELIVERED", "REJECTED", "CANCELLED");

    /** What each role gets in each state: 200 (cancelled), or the refusal's status. */
    static int expected(String role, String state) {
        boolean over = List.of("DELIVERED", "REJECTED", "CANCELLED").contains(state);
        return switch (role) {
            case "stranger", "courier" -> 404;
            case "customer" -> over ? 409 : List.of("PAYMENT_PENDING", "PENDING_RESTAURANT_ACCEPTANCE")
                    .contains(state) ? 200 : 403;
            case "owner" -> over ? 409 : List.of("ACCEPTED", "IN_PREPARATION").contains(state) ? 200 : 403;
            case "admin" -> over ? 409 : 200;
            default -> throw new IllegalArgumentException(role);
        };
    }

    String token(String role, PlacedOrder o) {
        return switch (role) {
            case "customer" -> o.customerToken();
            case "owner" -> owner;
            case "admin" -> Api.adminToken();
            case "stranger" -> Api.newUser("CUSTOMER");
            case "courier" -> Api.newUser("COURIER");
            default -> throw new IllegalArgumentException(role);
        };
    }

    @Test
    void everyRoleInEveryState() {
        Map<String, PlacedOrder> refusals = new java.util.HashMap<>();
        for (String state : STATES) {
            for (String role : List.of("customer", "owner", "admin", "stranger", "courier")) {
                int status = expected(role, state);
                String what = role + " in " + state;
                if (status != 200) {
                    PlacedOrder o = refusals.computeIfAbsent(state, this::orderIn);
                    var answer = cancel(token(role, o), o, Map.of("reason", "Test")).statusCode(status);
                    if (status == 409) {
                        answer.body("type", equalTo("/problems/illegal-transition")).body("orderStatus",
                                equalTo(state));
                    }
                    as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then().body("status",
                            equalTo(state));
                    continue;
                }
                PlacedOrder o = orderIn(state);
                boolean paid = !state.equals("PAYMENT_PENDING");
                JsonPath order = cancel(token(role, o), o, Map.of("reason", "  Out of paneer  ")).statusCode(200)
                        .body("status", equalTo("CANCELLED")).extract().jsonPath();
                assertEquals(paid ? "REFUND_PENDING" : "FAILED", order.getString("paymentStatus"), what);
                assertEquals("Out of paneer", order.getString("history[-1].reason"), what);
                assertEquals(role.equals("owner") ? "RESTAURANT" : role.toUpperCase(),
                        order.getString("history[-1].by.kind"), what);
                assertEquals(paid ? 1 : 0, order.getList("refunds").size(), what);
                JsonNode event = OrderEvents.await(o.orderId(), "org.dabba.order.cancelled").path("data");
                assertEquals("Out of paneer", event.path("reason").asText(), what);
                assertEquals(order.getString("history[-1].by.kind"), event.path("cancelledBy").path("kind").asText());
                assertEquals(paid ? "FULL" : "FULL", event.path("refund").path("type").asText(), what);
                assertEquals(0, new BigDecimal(paid ? order.getString("pricing.total") : "0")
                        .compareTo(new BigDecimal(event.path("refund").path("amount").asText())), what);
                assertTrue(event.has("courierId"), what);
                if (paid) {
                    RefundTest.awaitRefunded(o);
                    assertEquals(1L, RefundTest.sandboxRefunds(o.paymentIntentId())[0], what);
                } else {
                    // The intent is cancelled at the gateway, as expiry does.
                    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> io.restassured.RestAssured.given()
                            .header("Authorization", "Bearer " + Orders.SANDBOX_KEY)
                            .get("/sandbox/stripe/v1/payment_intents/{id}", o.paymentIntentId()).then()
                            .body("status", equalTo("canceled")));
                }
            }
        }
    }

    @Test
    void badRequestsNameTheField() {
        PlacedOrder o = orderIn("PENDING_RESTAURANT_ACCEPTANCE");
        cancel(o.customerToken(), o, Map.of()).statusCode(400).body("errors[0].field", equalTo("reason"));
        cancel(o.customerToken(), o, Map.of("reason", " ")).statusCode(400).body("errors[0].field", equalTo("reason"));
        cancel(o.customerToken(), o, Map.of("reason", "x".repeat(201))).statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        // Only an admin chooses the refund.
        cancel(o.customerToken(), o, Map.of("reason", "r", "refund", Map.of("type", "NONE"))).statusCode(400)
                .body("errors[0].field", equalTo("refund"));
        String admin = Api.adminToken();
        cancel(admin, o, Map.of("reason", "r", "refund", Map.of("type", "PARTIAL"))).statusCode(400)
                .body("errors[0].field", equalTo("refund.amount"));
        cancel(admin, o, Map.of("reason", "r", "refund", Map.of("type", "PARTIAL", "amount", "1.001")))
                .statusCode(400).body("errors[0].field", equalTo("refund.amount"));
        cancel(admin, o, Map.of("reason", "r", "refund", Map.of("type", "PARTIAL", "amount", "0"))).statusCode(400);
        cancel(admin, o, Map.of("reason", "r", "refund", Map.of("type", "PARTIAL", "amount", "9999.00")))
                .statusCode(409).body("type", equalTo("/problems/refund-exceeds-charge"))
                .body("refundable", equalTo("550.00"));
        as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then()
                .body("status", equalTo("PENDING_RESTAURANT_ACCEPTANCE"));
        as(admin).body(Map.of("reason", "r")).post("/orders/{id}/cancel", UUID.randomUUID()).then().statusCode(404);
    }

    @Test
    void anAdminChoosesThePartialOrNoRefund() {
        String admin = Api.adminToken();
        PlacedOrder partial = orderIn("OUT_FOR_DELIVERY");
        cancel(admin, partial, Map.of("reason", "Rider fell", "refund", Map.of("type", "PARTIAL",
                "amount", "100.01"))).statusCode(200).body("refunds[0].amount", equalTo(100.01f));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> as(partial.customerToken())
                .get("/orders/{id}", partial.orderId()).then().body("paymentStatus", equalTo("PARTIALLY_REFUNDED"))
                .body("refunds[0].status", equalTo("SUCCEEDED")));
        assertEquals(10001L, RefundTest.sandboxRefunds(partial.paymentIntentId())[1]);

        PlacedOrder none = orderIn("ACCEPTED");
        cancel(admin, none, Map.of("reason", "Fraud", "refund", Map.of("type", "NONE"))).statusCode(200)
                .body("paymentStatus", equalTo("SUCCEEDED")).body("refunds.size()", equalTo(0));
        assertEquals("NONE", OrderEvents.await(none.orderId(), "org.dabba.order.cancelled").path("data").path("refund")
                .path("type").asText());
    }

    @Test
    void twoCancelsAtOnceHaveOneWinner() {
        PlacedOrder o = orderIn("ACCEPTED");
        String admin = Api.adminToken();
        List<Supplier<Integer>> calls = new ArrayList<>();
        calls.add(() -> cancel(owner, o, Map.of("reason", "Kitchen fire")).extract().statusCode());
        calls.add(() -> cancel(admin, o, Map.of("reason", "Support")).extract().statusCode());
        calls.add(() -> cancel(owner, o, Map.of("reason", "Again")).extract().statusCode());
        List<Integer> answers = AtOnce.run(calls);
        assertEquals(1, answers.stream().filter(s -> s == 200).count(), answers.toString());
        assertTrue(answers.stream().allMatch(s -> s == 200 || s == 409), answers.toString());
        RefundTest.awaitRefunded(o);
        assertEquals(List.of(1L, 55000L), List.of(RefundTest.sandboxRefunds(o.paymentIntentId())[0],
                RefundTest.sandboxRefunds(o.paymentIntentId())[1]));

        // The customer's cancellation and the restaurant's acceptance race: one of them wins.
        PlacedOrder raced = orderIn("PENDING_RESTAURANT_ACCEPTANCE");
        List<Integer> race = AtOnce.run(List.<Supplier<Integer>>of(
                () -> cancel(raced.customerToken(), raced, Map.of("reason", "Too slow")).extract().statusCode(),
                () -> as(owner).post("/restaurants/{r}/orders/{o}/accept", restaurantId, raced.orderId()).then()
                        .extract().statusCode()));
        assertEquals(1, race.stream().filter(s -> s == 200).count(), race.toString());
    }

    @Test
    void theSystemCancelsAPaidOrderWithNoCourier() {
        PlacedOrder o = orderIn("IN_PREPARATION");
        assertTrue(cancellations.cancelBySystem(UUID.fromString(o.orderId()), OrderChanges.DISPATCH_DEADLINE));
        assertFalse(cancellations.cancelBySystem(UUID.fromString(o.orderId()), OrderChanges.DISPATCH_DEADLINE), "over");
        JsonNode event = OrderEvents.await(o.orderId(), "org.dabba.order.cancelled").path("data");
        assertEquals("SYSTEM", event.path("cancelledBy").path("kind").asText());
        assertEquals("dispatch-deadline", event.path("reason").asText());
        RefundTest.awaitRefunded(o);
        assertFalse(cancellations.cancelBySystem(UUID.fromString(orderIn("PAYMENT_PENDING").orderId()), "x"), "unpaid");
        assertFalse(cancellations.cancelBySystem(UUID.fromString(orderIn("OUT_FOR_DELIVERY").orderId()), "x"), "on its way");
        assertFalse(cancellations.cancelBySystem(UUID.randomUUID(), "x"), "unknown");
    }

    @Test
    void adminsSeeTheRestaurantsCancellationRate() {
        orderIn("ACCEPTED");
        PlacedOrder cancelled = orderIn("IN_PREPARATION");
        cancel(owner, cancelled, Map.of("reason", "Out of stock")).statusCode(200);
        PlacedOrder byCustomer = orderIn("PENDING_RESTAURANT_ACCEPTANCE");
        cancel(byCustomer.customerToken(), byCustomer, Map.of("reason", "Changed my mind")).statusCode(200);

        as(Api.adminToken()).get("/admin/restaurants/{r}/cancellations", restaurantId).then().statusCode(200)
                .body("restaurantId", equalTo(restaurantId)).body("window", equalTo("P30D"))
                .body("paidOrders", equalTo(3)).body("cancelledByRestaurant", equalTo(1))
                .body("rate", equalTo(0.3333f));
        as(Api.adminToken()).queryParam("days", 0).get("/admin/restaurants/{r}/cancellations", restaurantId).then()
                .statusCode(400).body("errors[0].field", equalTo("days"));
        as(owner).get("/admin/restaurants/{r}/cancellations", restaurantId).then().statusCode(403);
        as(Api.adminToken()).get("/admin/restaurants/{r}/cancellations", UUID.randomUUID()).then().statusCode(404);
    }

    @Inject
    RestaurantDashboardMessages dashboard;

    @Test
    void theCustomerIsToldWhoCancelled() {
        PlacedOrder o = orderIn("ACCEPTED");
        cancel(owner, o, Map.of("reason", "Out of paneer")).statusCode(200);
        // The restaurant's dashboard gets an update naming who and why.
        JsonNode event = OrderEvents.await(o.orderId(), "org.dabba.order.cancelled");
        String push = dashboard.forEvent(new org.dabba.platform.events.CloudEvent("1.0", event.path("id").asText(),
                "/dabba/order", "org.dabba.order.cancelled", o.orderId(), java.time.Instant.now(), "application/json",
                event.path("data"))).orElseThrow().json();
        assertTrue(push.contains("\"type\":\"order.updated\"") && push.contains("\"reason\":\"Out of paneer\"")
                && push.contains("\"kind\":\"RESTAURANT\""), push);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(o.customerToken()).get("/notifications")
                .then().statusCode(200).body("items.title", hasItem("The restaurant cancelled your order")));
    }
}
