package org.dabba.delivery;

import static org.dabba.testing.Api.as;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.dabba.testing.Api;

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

    /** A point {@code km} north of (lat, lon). */
    public static double north(double lat, double km) {
        return lat + km / 111.195;
    }
}
