package org.dabba.delivery;

import static org.dabba.testing.Api.as;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.Orders.PlacedOrder;

/** Couriers for tests: signed up, approved, AVAILABLE, at a position (through the REST fallback). */
public final class Couriers {

    private Couriers() {
    }

    public static String available(double lat, double lon) {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        at(courier, lat, lon);
        return courier;
    }

    /** The user id in a token (its subject). */
    public static String id(String token) {
        return Api.userId(token);
    }

    public static void at(String courier, double lat, double lon) {
        Map<String, Object> body = new HashMap<>(Map.of("lat", lat, "long", lon));
        body.put("ts", Instant.now().toString());
        as(courier).body(body).post("/couriers/me/location").then().statusCode(204);
    }

    /**
     * A fresh courier, AVAILABLE at the restaurant, given {@code o} by an admin once the restaurant accepted it, who
     * then picks it up: OUT_FOR_DELIVERY. Answers the courier's token.
     */
    public static String pickedUp(PlacedOrder o) {
        String courier = available(MatchingTest.LAT, MatchingTest.LONG);
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then()
                .statusCode(200);
        as(Api.adminToken()).body(Map.of("courierId", id(courier))).post("/admin/deliveries/{o}/assign", o.orderId())
                .then().statusCode(200);
        as(courier).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("OUT_FOR_DELIVERY"));
        return courier;
    }

    /** A point {@code km} north of (lat, lon). */
    public static double north(double lat, double km) {
        return lat + km / 111.195;
    }
}
