package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/**
 * Ratings of delivered orders (once, by the customer, the restaurant's exact average kept by one UPDATE, also
 * under concurrent ratings, the search document following) and the popularity refresh.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RatingTest {

    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    /** A test seam, not an API: no endpoint delivers orders yet (couriers will), so tests do it in the database. */
    @Inject
    DataSource dataSource;

    @Inject
    OrderRatings ratings;

    void deliver(String orderId) {
        sql("update orders set status = 'DELIVERED', updated_at = now(), version = version + 1 where id = ?", orderId);
    }

    void placedDaysAgo(String orderId, int days) {
        sql("update orders set created_at = now() - make_interval(days => " + days + ") where id = ?", orderId);
    }

    private void sql(String statement, String orderId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            s.setObject(1, UUID.fromString(orderId));
            assertEquals(1, s.executeUpdate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static ValidatableResponse rate(String token, String orderId, Object body) {
        return as(token).body(body).post("/orders/{id}/rating", orderId).then();
    }

    static ValidatableResponse problem(ValidatableResponse response, int status, String type) {
        return response.statusCode(status).contentType("application/problem+json")
                .body("type", equalTo("/problems/" + type));
    }

    static ValidatableResponse restaurant(String restaurantId) {
        return given().config(EXACT).get("/restaurants/{id}", restaurantId).then().statusCode(200);
    }

    @Test
    void theCustomerRatesADeliveredOrderOnce() {
        PlacedOrder o = Orders.paid();
        problem(rate(o.customerToken(), o.orderId(), Map.of("stars", 5)), 409, "order-not-delivered")
                .body("orderStatus", equalTo("PENDING_RESTAURANT_ACCEPTANCE"));
        deliver(o.orderId());

        rate(o.customerToken(), o.orderId(), Map.of("stars", 4, "comment", "  Lovely paneer  ")).statusCode(201)
                .header("Location", equalTo("/orders/" + o.orderId() + "/rating"))
                .body("orderId", equalTo(o.orderId()))
                .body("restaurantId", equalTo(o.restaurantId()))
                .body("stars", equalTo(4))
                .body("comment", equalTo("Lovely paneer"));
        as(o.ownerToken()).get("/orders/{id}/rating", o.orderId()).then().statusCode(200).body("stars", equalTo(4));
        as(o.customerToken()).get("/orders/{id}/rating", o.orderId()).then().statusCode(200)
                .body("comment", equalTo("Lovely paneer"));
        restaurant(o.restaurantId()).body("rating", equalTo(new BigDecimal("4.00"))).body("ratingCount", equalTo(1));

        problem(rate(o.customerToken(), o.orderId(), Map.of("stars", 1)), 409, "already-rated");
        restaurant(o.restaurantId()).body("rating", equalTo(new BigDecimal("4.00"))).body("ratingCount", equalTo(1));

        // The exact average, 2 places: (4 + 5 + 5) / 3 = 4.666... → 4.67.
        String item = RestaurantDecisionTest.dishOf(o);
        for (int stars : List.of(5, 5)) {
            PlacedOrder next = Orders.paid(o.ownerToken(), o.restaurantId(), item);
            deliver(next.orderId());
            rate(next.customerToken(), next.orderId(), Map.of("stars", stars)).statusCode(201)
                    .body("comment", nullValue());
        }
        restaurant(o.restaurantId()).body("rating", equalTo(new BigDecimal("4.67"))).body("ratingCount", equalTo(3));
    }

    @Test
    void onlyADeliveredOrderOfTheCallerIsRated() {
        PlacedOrder o = Orders.paid();
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(200);
        problem(rate(o.customerToken(), o.orderId(), Map.of("stars", 5)), 409, "order-not-delivered")
                .body("orderStatus", equalTo("ACCEPTED"));
        PlacedOrder rejected = Orders.paid(o.ownerToken(), o.restaurantId(), RestaurantDecisionTest.dishOf(o));
        as(o.ownerToken()).body(Map.of("reason", "Closed")).post("/restaurants/{r}/orders/{o}/reject",
                o.restaurantId(), rejected.orderId()).then().statusCode(200);
        problem(rate(rejected.customerToken(), rejected.orderId(), Map.of("stars", 1)), 409, "order-not-delivered")
                .body("orderStatus", equalTo("REJECTED"));

        deliver(o.orderId());
        problem(given().contentType("application/json").body(Map.of("stars", 5))
                .post("/orders/{id}/rating", o.orderId()).then(), 401, "unauthorized");
        // Someone who may not read the order: it does not exist for them.
        problem(rate(Api.newUser("CUSTOMER"), o.orderId(), Map.of("stars", 5)), 404, "not-found");
        problem(rate(Api.newUser("RESTAURANT_OWNER"), o.orderId(), Map.of("stars", 5)), 404, "not-found");
        problem(rate(o.customerToken(), UUID.randomUUID().toString(), Map.of("stars", 5)), 404, "not-found");
        problem(rate(o.customerToken(), "not-an-id", Map.of("stars", 5)), 404, "not-found");
        // The restaurant's owner and admins see the order, but the rating is the customer's.
        problem(rate(o.ownerToken(), o.orderId(), Map.of("stars", 5)), 403, "forbidden");
        problem(rate(Api.adminToken(), o.orderId(), Map.of("stars", 5)), 403, "forbidden");
        problem(as(o.customerToken()).get("/orders/{id}/rating", o.orderId()).then(), 404, "not-rated");
        problem(as(Api.newUser("CUSTOMER")).get("/orders/{id}/rating", o.orderId()).then(), 404, "not-found");
        problem(given().get("/orders/{id}/rating", o.orderId()).then(), 401, "unauthorized");

        for (Object stars : List.of(0, 6, -1)) {
            problem(rate(o.customerToken(), o.orderId(), Map.of("stars", stars)), 400, "validation")
                    .body("errors[0].field", equalTo("stars"));
        }
        problem(rate(o.customerToken(), o.orderId(), Map.of("comment", "No stars")), 400, "validation")
                .body("errors[0].field", equalTo("stars"));
        problem(rate(o.customerToken(), o.orderId(), Map.of("stars", "five")), 400, "validation")
                .body("errors[0].field", equalTo("stars"));
        problem(rate(o.customerToken(), o.orderId(), Map.of("stars", 5, "comment", "x".repeat(1001))), 400,
                "validation").body("errors[0].field", equalTo("comment"));
        problem(as(o.customerToken()).post("/orders/{id}/rating", o.orderId()).then(), 400, "bad-request");
        problem(rate(o.customerToken(), o.orderId(), "{\"stars\": 5"), 400, "malformed-json");

        restaurant(o.restaurantId()).body("ratingCount", equalTo(0)).body("rating", equalTo(new BigDecimal("0.00")));
        rate(o.customerToken(), o.orderId(), Map.of("stars", 5, "comment", "x".repeat(1000))).statusCode(201);
    }

    /** Ratings sent at the same moment all count (one UPDATE from the row's current values); one order rates once. */
    @Test
    void concurrentRatingsLoseNothing() throws Exception {
        PlacedOrder first = Orders.paid();
        String item = RestaurantDecisionTest.dishOf(first);
        List<PlacedOrder> delivered = new ArrayList<>(List.of(first));
        for (int i = 1; i < 8; i++) {
            delivered.add(Orders.paid(first.ownerToken(), first.restaurantId(), item));
        }
        delivered.forEach(o -> deliver(o.orderId()));
        List<Integer> stars = List.of(5, 4, 3, 5, 2, 1, 5, 4);
        List<Supplier<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < delivered.size(); i++) {
            PlacedOrder o = delivered.get(i);
            int s = stars.get(i);
            calls.add(() -> rate(o.customerToken(), o.orderId(), Map.of("stars", s)).extract().statusCode());
        }
        // And the first order rated twice at the same moment: one is a 409.
        calls.add(() -> rate(first.customerToken(), first.orderId(), Map.of("stars", 1)).extract().statusCode());

        List<Integer> answers = AtOnce.run(calls);
        assertEquals(8, answers.stream().filter(a -> a == 201).count(), answers.toString());
        assertEquals(1, answers.stream().filter(a -> a == 409).count(), answers.toString());

        int firstStars = as(first.customerToken()).get("/orders/{id}/rating", first.orderId()).then().extract()
                .path("stars");
        int total = stars.stream().mapToInt(Integer::intValue).sum() - stars.get(0) + firstStars;
        BigDecimal average = BigDecimal.valueOf(total).divide(BigDecimal.valueOf(8), 2, java.math.RoundingMode.HALF_UP);
        restaurant(first.restaurantId()).body("ratingCount", equalTo(8)).body("rating", equalTo(average));
    }

    @Test
    void theSearchDocumentFollowsTheRating() {
        double lat = -40 + Math.random() * 80;
        double lon = -150 + Math.random() * 300;
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("name", "Rated Kitchen");
        body.put("address", Map.of("street", "1 Food St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", lat, "longitude", lon));
        String restaurantId = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        String item = Api.dish(owner, restaurantId, "Dal Makhani", "180.00");
        Api.approve(restaurantId);
        Api.switchStatus(owner, restaurantId, "ONLINE");
        String customer = Api.newUser("CUSTOMER");
        String cartId = as(customer).body(Map.of("restaurantId", restaurantId, "itemId", item, "quantity", 1))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");
        var checkout = as(customer).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("cartId", cartId, "paymentMethod", "CARD", "deliveryAddress", Map.of("street", "2 Food St",
                        "city", "Hyderabad", "zipCode", "500001", "latitude", lat + 0.01, "longitude", lon)))
                .post("/orders/checkout").then().statusCode(201).extract();
        String orderId = checkout.path("orderId");
        Orders.pay(checkout.path("paymentIntentId"));
        Orders.awaitStatus(customer, orderId, "PENDING_RESTAURANT_ACCEPTANCE");
        String near = "/search/restaurants?lat=" + lat + "&long=" + lon;
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(near).then().statusCode(200)
                .body("results[0].restaurantId", equalTo(restaurantId)).body("results[0].rating", equalTo(0.0f)));

        deliver(orderId);
        rate(customer, orderId, Map.of("stars", 5)).statusCode(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().get(near).then().statusCode(200)
                .body("results[0].restaurantId", equalTo(restaurantId)).body("results[0].rating", equalTo(5.0f)));
    }

    @Test
    void popularityCountsDeliveredOrdersOfTheWindowAndOnlyChangesArePublished() {
        PlacedOrder a1 = Orders.paid();
        String itemA = RestaurantDecisionTest.dishOf(a1);
        PlacedOrder a2 = Orders.paid(a1.ownerToken(), a1.restaurantId(), itemA);
        Orders.paid(a1.ownerToken(), a1.restaurantId(), itemA); // paid, not delivered: not counted
        PlacedOrder b1 = Orders.paid();
        PlacedOrder b2 = Orders.paid(b1.ownerToken(), b1.restaurantId(), RestaurantDecisionTest.dishOf(b1));
        for (PlacedOrder o : List.of(a1, a2, b1, b2)) {
            deliver(o.orderId());
        }
        placedDaysAgo(b2.orderId(), 31); // delivered, but placed before the 30-day window

        ratings.refreshPopularity();
        restaurant(a1.restaurantId()).body("popularityScore", equalTo(new BigDecimal("2.00")));
        restaurant(b1.restaurantId()).body("popularityScore", equalTo(new BigDecimal("1.00")));

        // Nothing changed: nothing is written or published (the version, which every change moves, stays).
        long versionA = version(a1);
        assertEquals(0, ratings.refreshPopularity());
        assertEquals(versionA, version(a1));

        // Orders leaving the window take the score down, to 0 when none is left.
        placedDaysAgo(a1.orderId(), 31);
        placedDaysAgo(a2.orderId(), 31);
        placedDaysAgo(b1.orderId(), 40);
        assertTrue(ratings.refreshPopularity() >= 2);
        restaurant(a1.restaurantId()).body("popularityScore", equalTo(new BigDecimal("0.00")));
        restaurant(b1.restaurantId()).body("popularityScore", equalTo(new BigDecimal("0.00")));
        assertTrue(version(a1) > versionA);
    }

    private static long version(PlacedOrder o) {
        return ((Number) as(o.ownerToken()).get("/restaurants/{id}", o.restaurantId()).then().extract()
                .path("version")).longValue();
    }
}
