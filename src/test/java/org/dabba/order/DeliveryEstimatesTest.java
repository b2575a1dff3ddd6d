package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.junit.jupiter.api.Test;

/**
 * The delivery estimate end to end: a restaurant's orders accepted, picked up by a courier after a (simulated)
 * preparation time and delivered; checkout's summary and search show the declared time until there are
 * {@code min-samples} (2 in tests) pickups, then the median of the latest {@code samples} (3); each order keeps what
 * it was promised, and the admins' stats compare it with what happened.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DeliveryEstimatesTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** The customer's door is 0.01° north of the restaurant, 1.11 km: 4 minutes at 20 km/h. */
    static final double NORTH = 0.01;

    @Inject
    DataSource db;

    record Restaurant(String owner, String id, String item, double lat, double lon) {
    }

    static Restaurant restaurant() {
        double lat = -60 + Math.random() * 120;
        double lon = -170 + Math.random() * 340;
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("address", Map.of("street", "1 Food St", "city", "Hyderabad", "zipCode", "500001",
                "latitude", lat, "longitude", lon));
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        String item = Api.dish(owner, id, "Paneer Tikka", "250.00");
        Api.approve(id);
        Api.switchStatus(owner, id, "ONLINE");
        return new Restaurant(owner, id, item, lat, lon);
    }

    /** Checkout's summary for a fresh customer's cart of the restaurant's dish, at the usual door. */
    static int summaryMinutes(Restaurant r) {
        String customer = Api.newUser("CUSTOMER");
        String cartId = as(customer).body(Map.of("restaurantId", r.id(), "itemId", r.item(), "quantity", 1))
                .put("/carts/items").then().statusCode(201).extract().path("cartId");
        return as(customer).queryParam("cartId", cartId).queryParam("lat", r.lat() + NORTH)
                .queryParam("long", r.lon()).get("/checkout/summary").then().statusCode(200)
                .extract().path("estimatedDeliveryMinutes");
    }

    static void searchShows(Restaurant r, int minutes) {
        await().atMost(WAIT).untilAsserted(() -> given().get("/search/restaurants?lat=" + (r.lat() + NORTH)
                + "&long=" + r.lon()).then().statusCode(200)
                .body("results.find { it.restaurantId == '" + r.id() + "' }.estimatedDeliveryMinutes",
                        equalTo(minutes)));
    }

    static void estimateIs(Restaurant r, int minutes) {
        await().atMost(WAIT).untilAsserted(() -> assertEquals(minutes, summaryMinutes(r)));
        searchShows(r, minutes);
    }

    /**
     * An order placed, paid, accepted, given to a courier by an admin, prepared in {@code prepMinutes} (its
     * acceptance moved back by that much before the pickup), picked up and delivered by the courier; then its
     * times are moved so that it was delivered {@code deliveryMinutes} after it was placed (its promise moved with
     * its placing). Answers the order as its customer reads it.
     */
    JsonPath fulfil(Restaurant r, int prepMinutes, int deliveryMinutes) {
        PlacedOrder o = Orders.paid(r.owner(), r.id(), r.item(), r.lat() + NORTH, r.lon());
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        Map<String, Object> at = new HashMap<>(Map.of("lat", r.lat(), "long", r.lon()));
        at.put("ts", Instant.now().toString());
        as(courier).body(at).post("/couriers/me/location").then().statusCode(204);
        String admin = Api.adminToken();
        as(r.owner()).post("/restaurants/{r}/orders/{o}/accept", r.id(), o.orderId()).then().statusCode(200);
        as(admin).body(Map.of("courierId", Api.userId(courier)))
                .post("/admin/deliveries/{o}/assign", o.orderId()).then().statusCode(200);
        // Accepted prepMinutes ago (moved once it has its courier: the dispatch deadline counts from it).
        sql("update orders set accepted_at = accepted_at - make_interval(mins => ?) where id = ?", prepMinutes,
                UUID.fromString(o.orderId()));
        as(courier).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);
        as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200);
        // Exact minutes for the stats (the estimate was made at the pickup, a moment after the move above).
        sql("update orders set accepted_at = picked_up_at - make_interval(mins => ?), "
                + "created_at = delivered_at - make_interval(mins => ?), "
                + "promised_delivery_at = promised_delivery_at "
                + "- (created_at - (delivered_at - make_interval(mins => ?))) "
                + "where id = ?", prepMinutes, deliveryMinutes, deliveryMinutes, UUID.fromString(o.orderId()));
        return as(o.customerToken()).get("/orders/{o}", o.orderId()).then().statusCode(200).extract().jsonPath();
    }

    static int promisedMinutes(JsonPath order) {
        assertNotNull(order.getString("promisedDeliveryAt"));
        return (int) Duration.between(Instant.parse(order.getString("createdAt")),
                Instant.parse(order.getString("promisedDeliveryAt"))).toMinutes();
    }

    @Test
    void theEstimateFollowsTheRecordedPreparationTimesAndTheStatsCompareItsPromises() {
        Restaurant r = restaurant();
        // No pickups yet: the declared 20 minutes + 4 of way.
        estimateIs(r, 24);
        stats(r.id(), "").body("deliveredOrders", equalTo(0)).body("medianPrepMinutes", nullValue())
                .body("lateShare", nullValue());

        JsonPath first = fulfil(r, 30, 45);
        assertEquals(24, promisedMinutes(first));
        assertNotNull(first.getString("pickedUpAt"));
        assertNotNull(first.getString("deliveredAt"));
        // One interval is fewer than min-samples: still declared.
        assertEquals(24, summaryMinutes(r));
        as(r.owner()).get("/restaurants/{id}", r.id()).then().statusCode(200)
                .body("prepEstimateMinutes", nullValue()).body("prepTimeMinutes", equalTo(20));

        JsonPath second = fulfil(r, 40, 50);
        assertEquals(24, promisedMinutes(second));
        // Two: the median of 30 and 40.
        estimateIs(r, 39);
        given().get("/restaurants/{id}", r.id()).then().statusCode(200).body("prepEstimateMinutes", equalTo(35));

        JsonPath third = fulfil(r, 10, 30);
        assertEquals(39, promisedMinutes(third), "promised what checkout showed");
        estimateIs(r, 34); // median of 30, 40, 10

        JsonPath fourth = fulfil(r, 60, 40);
        assertEquals(34, promisedMinutes(fourth));
        estimateIs(r, 44); // the latest 3 only: 40, 10, 60 (all four would give 35)

        // The owner's declared time no longer decides; the measured one does.
        as(r.owner()).body(Map.of("prepTimeMinutes", 15)).patch("/restaurants/{id}", r.id()).then().statusCode(200);
        assertEquals(44, summaryMinutes(r));

        // Promised 24, 24, 39, 34; delivered in 45, 50, 30, 40: errors +21, +26, -9, +6.
        stats(r.id(), "?days=30")
                .body("restaurantId", equalTo(r.id()))
                .body("window", equalTo("P30D"))
                .body("deliveredOrders", equalTo(4))
                .body("medianPrepMinutes", equalTo(new BigDecimal("35.0")))
                .body("p90PrepMinutes", equalTo(new BigDecimal("54.0")))
                .body("promisedOrders", equalTo(4))
                .body("medianPromisedMinutes", equalTo(new BigDecimal("29.0")))
                .body("medianActualMinutes", equalTo(new BigDecimal("42.5")))
                .body("meanAbsoluteErrorMinutes", equalTo(new BigDecimal("15.5")))
                .body("meanSignedErrorMinutes", equalTo(new BigDecimal("11.0")))
                .body("lateShare", equalTo(new BigDecimal("0.7500")));
    }

    @Test
    void statsAreForAdminsWithAWindowOfOneToAYear() {
        Restaurant r = restaurant();
        String path = "/admin/restaurants/{id}/stats";
        given().get(path, r.id()).then().statusCode(401);
        as(r.owner()).get(path, r.id()).then().statusCode(403);
        as(Api.newUser("CUSTOMER")).get(path, r.id()).then().statusCode(403);
        as(Api.newUser("COURIER")).get(path, r.id()).then().statusCode(403);
        as(Api.adminToken()).get(path, UUID.randomUUID()).then().statusCode(404)
                .contentType("application/problem+json");
        as(Api.adminToken()).get(path, "not-a-uuid").then().statusCode(404);
        for (String days : new String[] { "0", "-1", "366", "abc", "1.5", "99999999999" }) {
            as(Api.adminToken()).queryParam("days", days).get(path, r.id()).then().statusCode(400)
                    .contentType("application/problem+json").body("type", equalTo("/problems/validation"));
        }
        stats(r.id(), "?days=1").body("window", equalTo("P1D")).body("deliveredOrders", equalTo(0));
        stats(r.id(), "?days=365").body("window", equalTo("P365D"));
    }

    static io.restassured.response.ValidatableResponse stats(String restaurantId, String query) {
        return as(Api.adminToken()).config(io.restassured.RestAssured.config().jsonConfig(
                io.restassured.config.JsonConfig.jsonConfig().numberReturnType(
                        io.restassured.path.json.config.JsonPathConfig.NumberReturnType.BIG_DECIMAL)))
                .get("/admin/restaurants/{id}/stats" + query, restaurantId).then().statusCode(200);
    }

    private void sql(String statement, Object... parameters) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(statement)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            assertEquals(1, s.executeUpdate(), statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
