package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.Problems;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The restaurant's decision on a paid order over HTTP: accept (with and without a preparation time), reject,
 * moving on to IN_PREPARATION, the restaurant's order list, every bad input, who may do it, and two decisions at
 * the same moment.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RestaurantDecisionTest {

    @Inject
    CamelContext camel;

    @Inject
    RestaurantDecisions orders;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    static String path(PlacedOrder o, String action) {
        return "/restaurants/" + o.restaurantId() + "/orders/" + o.orderId() + "/" + action;
    }

    static ValidatableResponse post(String token, String path, Object body) {
        var spec = as(token);
        if (body != null) {
            spec.body(body);
        }
        return spec.post(path).then();
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("/problems/" + type));
    }

    @Test
    void theOwnerAcceptsWithTheUsualOrAGivenPreparationTime() {
        PlacedOrder o = Orders.paid();

        ExtractableResponse<Response> accepted = post(o.ownerToken(), path(o, "accept"), null).statusCode(200)
                .body("orderId", equalTo(o.orderId()))
                .body("status", equalTo("ACCEPTED"))
                .body("paymentStatus", equalTo("SUCCEEDED"))
                .body("prepTimeMinutes", equalTo(20))
                .body("items[0].specialInstructions", equalTo("Less spicy"))
                .body("history.to", equalTo(List.of("PAYMENT_PENDING", "PENDING_RESTAURANT_ACCEPTANCE", "ACCEPTED")))
                .body("history[2].reason", equalTo("accepted by the restaurant, ready in 20 min"))
                .extract();
        Instant updatedAt = Instant.parse(accepted.path("updatedAt"));
        assertEquals(updatedAt.plus(Duration.ofMinutes(20)), Instant.parse(accepted.path("estimatedReadyAt")));
        as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then().body("status", equalTo("ACCEPTED"));

        JsonNode confirmed = OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.confirmed");
        assertEquals("ACCEPTED", confirmed.path("data").path("status").asText());
        assertEquals(20, confirmed.path("data").path("prepTimeMinutes").asInt());
        assertEquals(updatedAt.plus(Duration.ofMinutes(20)),
                Instant.parse(confirmed.path("data").path("estimatedReadyAt").asText()));
        assertEquals(o.restaurantId(), confirmed.path("data").path("restaurantId").asText());
        assertEquals(2, confirmed.path("data").path("items").get(0).path("quantity").asInt());

        // A second decision is a 409, whichever it is.
        problem(post(o.ownerToken(), path(o, "accept"), null), 409, "illegal-transition")
                .body("orderStatus", equalTo("ACCEPTED")).body("target", equalTo("ACCEPTED"));
        problem(post(o.ownerToken(), path(o, "reject"), Map.of("reason", "Too late")), 409, "illegal-transition");

        // A given time; an empty JSON object is "no time given".
        PlacedOrder quick = Orders.paid(o.ownerToken(), o.restaurantId(), dishOf(o));
        post(quick.ownerToken(), path(quick, "accept"), Map.of("prepTimeMinutes", 35)).statusCode(200)
                .body("prepTimeMinutes", equalTo(35));
        assertEquals(35, OrderEvents.await(quick.orderId(), "org.dabba.order.restaurant.confirmed").path("data")
                .path("prepTimeMinutes").asInt());
        PlacedOrder empty = Orders.paid(o.ownerToken(), o.restaurantId(), dishOf(o));
        post(empty.ownerToken(), path(empty, "accept"), Map.of()).statusCode(200).body("prepTimeMinutes", equalTo(20));
    }

    @Test
    void theOwnerRejectsWithAReasonAndTheRefundFollows() {
        PlacedOrder o = Orders.paid();
        post(o.ownerToken(), path(o, "reject"), Map.of("reason", "  Out of paneer today  ")).statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("history[2].to", equalTo("REJECTED"))
                .body("history[2].reason", equalTo("Out of paneer today"));

        JsonNode rejected = OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.rejected");
        assertEquals("Out of paneer today", rejected.path("data").path("reason").asText());
        assertEquals("REFUND_PENDING", rejected.path("data").path("paymentStatus").asText());
        Orders.awaitStatus(o.customerToken(), o.orderId(), "REJECTED");
        JsonNode refunded = OrderEvents.await(o.orderId(), "org.dabba.order.payment.refunded");
        assertTrue(refunded.path("data").path("gatewayRefundId").asText().startsWith("re_"), refunded.toString());
        as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then().body("paymentStatus", equalTo("REFUNDED"));

        problem(post(o.ownerToken(), path(o, "accept"), null), 409, "illegal-transition");
        problem(post(o.ownerToken(), path(o, "reject"), Map.of("reason", "Again")), 409, "illegal-transition");
    }

    @Test
    void theOwnerStartsPreparingAnAcceptedOrderOnly() {
        PlacedOrder o = Orders.paid();
        problem(post(o.ownerToken(), path(o, "status"), Map.of("status", "IN_PREPARATION")), 409,
                "illegal-transition").body("orderStatus", equalTo("PENDING_RESTAURANT_ACCEPTANCE"));

        post(o.ownerToken(), path(o, "accept"), Map.of("prepTimeMinutes", 15)).statusCode(200);
        post(o.ownerToken(), path(o, "status"), Map.of("status", "IN_PREPARATION")).statusCode(200)
                .body("status", equalTo("IN_PREPARATION"))
                .body("prepTimeMinutes", equalTo(15))
                .body("history[3].reason", equalTo("preparation started by the restaurant"));
        JsonNode started = OrderEvents.await(o.orderId(), "org.dabba.order.preparation.started");
        assertEquals("IN_PREPARATION", started.path("data").path("status").asText());
        assertEquals(15, started.path("data").path("prepTimeMinutes").asInt());

        problem(post(o.ownerToken(), path(o, "status"), Map.of("status", "IN_PREPARATION")), 409,
                "illegal-transition");
        // The courier's moves are not the restaurant's.
        problem(post(o.ownerToken(), path(o, "status"), Map.of("status", "OUT_FOR_DELIVERY")), 400, "validation")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("must be IN_PREPARATION"));
    }

    @Test
    void badInputIs400NamingTheField() {
        PlacedOrder o = Orders.paid();
        for (Object bad : List.of(0, 241, -5)) {
            problem(post(o.ownerToken(), path(o, "accept"), Map.of("prepTimeMinutes", bad)), 400, "validation")
                    .body("errors[0].field", equalTo("prepTimeMinutes"));
        }
        problem(post(o.ownerToken(), path(o, "accept"), Map.of("prepTimeMinutes", "soon")), 400, "validation")
                .body("errors[0].field", equalTo("prepTimeMinutes"));
        problem(post(o.ownerToken(), path(o, "accept"), "{\"prepTimeMinutes\": "), 400, "malformed-json");

        problem(post(o.ownerToken(), path(o, "reject"), null), 400, "bad-request");
        problem(post(o.ownerToken(), path(o, "reject"), Map.of()), 400, "validation")
                .body("errors[0].field", equalTo("reason"));
        problem(post(o.ownerToken(), path(o, "reject"), Map.of("reason", "   ")), 400, "validation")
                .body("errors[0].field", equalTo("reason"));
        problem(post(o.ownerToken(), path(o, "reject"), Map.of("reason", "x".repeat(201))), 400, "validation")
                .body("errors[0].field", equalTo("reason"));

        problem(post(o.ownerToken(), path(o, "status"), Map.of()), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        problem(post(o.ownerToken(), path(o, "status"), Map.of("status", "COOKING")), 400, "validation")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("IN_PREPARATION"));
        for (String other : List.of("ACCEPTED", "REJECTED", "DELIVERED", "CANCELLED", "PAYMENT_PENDING")) {
            problem(post(o.ownerToken(), path(o, "status"), Map.of("status", other)), 400, "validation");
        }

        // Malformed ids are ids of nothing.
        problem(post(o.ownerToken(), "/restaurants/" + o.restaurantId() + "/orders/not-a-uuid/accept", null), 404,
                "not-found");
        problem(post(o.ownerToken(), "/restaurants/nope/orders/" + o.orderId() + "/accept", null), 404, "not-found");

        // Nothing of it changed the order.
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .body("status", equalTo("PENDING_RESTAURANT_ACCEPTANCE"))
                .body("history.size()", equalTo(2));
    }

    @Test
    void onlyTheRestaurantsOwnerDecides() {
        PlacedOrder o = Orders.paid();
        String stranger = Api.newUser("RESTAURANT_OWNER");
        String customer = Api.newUser("CUSTOMER");
        String admin = Api.adminToken();
        String list = "/restaurants/" + o.restaurantId() + "/orders";

        for (String action : List.of("accept", "reject", "status")) {
            Object body = action.equals("reject") ? Map.of("reason", "No") : action.equals("status")
                    ? Map.of("status", "IN_PREPARATION") : null;
            var anonymous = given().contentType(ContentType.JSON);
            if (body != null) {
                anonymous.body(body);
            }
            problem(anonymous.post(path(o, action)).then(), 401, "unauthorized");
            problem(post(customer, path(o, action), body), 403, "forbidden");
            problem(post(o.customerToken(), path(o, action), body), 403, "forbidden");
            problem(post(admin, path(o, action), body), 403, "forbidden");
            // Another owner, on a restaurant the public can see: 403, as for changing the restaurant itself.
            problem(post(stranger, path(o, action), body), 403, "forbidden");
        }
        problem(given().get(list).then(), 401, "unauthorized");
        problem(as(customer).get(list).then(), 403, "forbidden");
        problem(as(admin).get(list).then(), 403, "forbidden");
        problem(as(stranger).get(list).then(), 403, "forbidden");

        // The owner's other restaurant, or an order that does not exist: 404.
        String other = Api.register(o.ownerToken());
        Api.approve(other);
        problem(post(o.ownerToken(), "/restaurants/" + other + "/orders/" + o.orderId() + "/accept", null), 404,
                "not-found");
        problem(post(o.ownerToken(), "/restaurants/" + o.restaurantId() + "/orders/" + UUID.randomUUID() + "/accept",
                null), 404, "not-found");
        problem(post(o.ownerToken(), "/restaurants/" + UUID.randomUUID() + "/orders/" + o.orderId() + "/accept",
                null), 404, "not-found");

        // A restaurant the public cannot see does not exist for another owner.
        String hidden = Api.register(o.ownerToken());
        problem(as(stranger).get("/restaurants/" + hidden + "/orders").then(), 404, "not-found");

        // An order not paid is not the restaurant's business yet.
        PlacedOrder unpaid = Orders.placed(o.ownerToken(), o.restaurantId(), dishOf(o));
        problem(post(o.ownerToken(), path(unpaid, "accept"), null), 404, "not-found");
        problem(post(o.ownerToken(), path(unpaid, "reject"), Map.of("reason", "No")), 404, "not-found");

        as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .body("status", equalTo("PENDING_RESTAURANT_ACCEPTANCE"));
    }

    @Test
    void theRestaurantListsItsPaidOrdersNewestFirstByStatus() {
        PlacedOrder first = Orders.paid();
        String item = dishOf(first);
        PlacedOrder second = Orders.paid(first.ownerToken(), first.restaurantId(), item);
        PlacedOrder third = Orders.paid(first.ownerToken(), first.restaurantId(), item);
        PlacedOrder unpaid = Orders.placed(first.ownerToken(), first.restaurantId(), item);
        post(first.ownerToken(), path(second, "accept"), null).statusCode(200);
        post(first.ownerToken(), path(third, "reject"), Map.of("reason", "Closing early")).statusCode(200);
        String owner = first.ownerToken();
        String list = "/restaurants/" + first.restaurantId() + "/orders";

        as(owner).get(list).then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.orderId", equalTo(List.of(third.orderId(), second.orderId(), first.orderId())))
                .body("items[0].history", nullValue())
                .body("items[0].items[0].name", equalTo("Paneer Tikka"))
                .body("items[0].deliveryAddress.city", equalTo("Hyderabad"))
                .body("items.orderId", org.hamcrest.Matchers.not(hasItem(unpaid.orderId())));
        as(owner).queryParam("status", "PENDING_RESTAURANT_ACCEPTANCE").get(list).then()
                .body("items.orderId", equalTo(List.of(first.orderId()))).body("total", equalTo(1));
        as(owner).queryParam("status", "ACCEPTED,PENDING_RESTAURANT_ACCEPTANCE").get(list).then()
                .body("items.orderId", equalTo(List.of(second.orderId(), first.orderId())));
        as(owner).queryParam("status", "ACCEPTED", "REJECTED").get(list).then()
                .body("items.orderId", equalTo(List.of(third.orderId(), second.orderId())));
        as(owner).queryParam("status", "DELIVERED").get(list).then().body("total", equalTo(0))
                .body("items", equalTo(List.of()));
        as(owner).queryParam("size", 1).queryParam("page", 1).get(list).then()
                .body("items.orderId", equalTo(List.of(second.orderId()))).body("total", equalTo(3))
                .body("size", equalTo(1)).body("page", equalTo(1));

        problem(as(owner).queryParam("status", "PAYMENT_PENDING").get(list).then(), 400, "validation")
                .body("errors[0].field", equalTo("status"))
                .body("errors[0].message", containsString("PENDING_RESTAURANT_ACCEPTANCE"));
        problem(as(owner).queryParam("status", "ACCEPTED,COOKING").get(list).then(), 400, "validation")
                .body("errors[0].field", equalTo("status"));
        problem(as(owner).queryParam("size", 0).get(list).then(), 400, "validation")
                .body("errors[0].field", equalTo("size"));
        problem(as(owner).queryParam("page", -1).get(list).then(), 400, "validation")
                .body("errors[0].field", equalTo("page"));
    }

    /** Two decisions at the same moment: exactly one wins, the other is a 409, and one event is published. */
    @Test
    void ofTwoConcurrentDecisionsExactlyOneWins() throws Exception {
        PlacedOrder seed = Orders.paid();
        String item = dishOf(seed);
        List<Map<String, Object>> accept = List.of(Map.of("prepTimeMinutes", 10), Map.of("prepTimeMinutes", 25));
        for (int round = 0; round < 4; round++) {
            race(seed, item, accept, round);
        }
    }

    private static void race(PlacedOrder seed, String item, List<Map<String, Object>> accept, int round)
            throws InterruptedException {
        PlacedOrder o = round == 0 ? seed : Orders.paid(seed.ownerToken(), seed.restaurantId(), item);
        boolean acceptVsReject = round % 2 == 1;
        List<Supplier<ExtractableResponse<Response>>> calls = List.of(
                () -> post(o.ownerToken(), path(o, "accept"), accept.get(0)).extract(),
                acceptVsReject
                        ? () -> post(o.ownerToken(), path(o, "reject"), Map.of("reason", "Busy")).extract()
                        : () -> post(o.ownerToken(), path(o, "accept"), accept.get(1)).extract());
        List<ExtractableResponse<Response>> responses = AtOnce.run(calls);
        assertEquals(List.of(200, 409), responses.stream().map(ExtractableResponse::statusCode).sorted().toList(),
                "round " + round);
        // The loser read the order before or after the winner committed: a lost optimistic lock, or a refused move.
        String loser = responses.stream().filter(r -> r.statusCode() == 409).findFirst().orElseThrow().path("type");
        assertTrue(Set.of("/problems/concurrent-update", "/problems/illegal-transition").contains(loser), loser);

        var order = as(o.customerToken()).get("/orders/{id}", o.orderId()).then().extract();
        String status = order.path("status");
        // Status moves only: a rejection's refund adds a row of its own (REJECTED, the payment REFUNDED) when it
        // is quick enough to land before this read.
        List<String> history = order.path("history.to");
        List<String> moves = new java.util.ArrayList<>();
        history.stream().filter(to -> moves.isEmpty() || !moves.get(moves.size() - 1).equals(to)).forEach(moves::add);
        assertEquals(3, moves.size(), "one decision recorded: " + history);
        assertTrue(status.equals("ACCEPTED") || (acceptVsReject && status.equals("REJECTED")), status);
        OrderEvents.await(o.orderId(), status.equals("ACCEPTED") ? "org.dabba.order.restaurant.confirmed"
                : "org.dabba.order.restaurant.rejected");
        // Time for a wrongly published second decision to arrive before counting.
        Thread.sleep(300);
        long decisions = OrderEvents.of(o.orderId()).stream().map(e -> e.path("type").asText())
                .filter(t -> t.equals("org.dabba.order.restaurant.confirmed") || t.equals("org.dabba.order.restaurant.rejected"))
                .count();
        assertEquals(1, decisions, "round " + round);
    }

    /**
     * The loser of a race that read the order before the winner committed: its write finds another version, and
     * that is a 409 concurrent-update, never a 500. (Made deterministic: this transaction reads the order, the
     * owner accepts it over HTTP, then this transaction decides on what it read.)
     */
    @Test
    void aDecisionOnAStaleReadIsA409ConcurrentUpdate() {
        PlacedOrder o = Orders.paid();
        UUID ownerId = UUID.fromString(as(o.ownerToken()).get("/restaurants/{id}", o.restaurantId()).then()
                .extract().path("ownerId"));
        Caller owner = new Caller(ownerId, Role.RESTAURANT_OWNER);
        UUID restaurantId = UUID.fromString(o.restaurantId());
        UUID orderId = UUID.fromString(o.orderId());

        RuntimeException lost = assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            Order.findById(orderId);
            post(o.ownerToken(), path(o, "accept"), null).statusCode(200);
            orders.reject(owner, restaurantId, orderId, "Busy");
        }));

        Problem problem = Problems.from(lost);
        assertEquals(409, problem.getStatus(), String.valueOf(lost));
        assertEquals("/problems/concurrent-update", problem.getType());
        as(o.customerToken()).get("/orders/{id}", o.orderId()).then().body("status", equalTo("ACCEPTED"))
                .body("history.size()", equalTo(3));
    }

    /** The dish of the order's restaurant (its first line), to place more orders there. */
    static String dishOf(PlacedOrder o) {
        return as(o.customerToken()).get("/orders/{id}", o.orderId()).then().extract().path("items[0].itemId");
    }
}
