package org.dabba.delivery;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/** Courier presence and positions: availability, the courier socket, the REST fallback, what lands in Redis. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class CourierPresenceTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    static String id(String token) {
        return Couriers.id(token);
    }

    Map<String, String> hash(String token) {
        return redis.hash(String.class).hgetall("dabba:courier:" + id(token));
    }

    boolean inGeoSet(String token) {
        return redis.sortedSet(String.class).zscore("dabba:couriers:available", id(token)).isPresent();
    }

    @Test
    void theCourierSeesTheirAvailabilityWithTheirProfile() {
        String courier = Api.newUser("COURIER");
        as(courier).get("/couriers/me").then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("availability", equalTo("OFFLINE"));
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        as(courier).get("/couriers/me").then().statusCode(200).body("id", equalTo(id(courier)))
                .body("vehicle", equalTo("SCOOTER")).body("availability", equalTo("AVAILABLE"));
        as(courier).body(Map.of("status", "OFFLINE")).put("/couriers/me/availability").then().statusCode(200);
        as(courier).get("/couriers/me").then().statusCode(200).body("availability", equalTo("OFFLINE"));
    }

    @Test
    void availabilityIsForCouriersAndOnlyAvailableOrOffline() {
        String courier = Api.newUser("COURIER");
        given().contentType(ContentType.JSON).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability")
                .then().statusCode(401);
        as(Api.newUser("CUSTOMER")).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability")
                .then().statusCode(403).contentType("application/problem+json");
        as(courier).body(Map.of("status", "BUSY")).put("/couriers/me/availability")
                .then().statusCode(400).contentType("application/problem+json").body("detail", startsWith("status"));
        as(courier).body(Map.of("status", "ASLEEP")).put("/couriers/me/availability")
                .then().statusCode(400).contentType("application/problem+json");
        as(courier).body(Map.of()).put("/couriers/me/availability")
                .then().statusCode(400).contentType("application/problem+json");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability")
                .then().statusCode(200).body("status", equalTo("AVAILABLE")).body("courierId", equalTo(id(courier)));
        assertEquals("AVAILABLE", hash(courier).get("status"));
        assertFalse(inGeoSet(courier), "not in the GEO set before its first position");
    }

    @Test
    void positionsOverTheSocketLandInRedisAndBadOnesAreRefused() {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        try (Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            socket.send(Map.of("type", "location", "lat", 17.40, "long", 78.48, "heading", 90, "speed", 5.5));
            await().atMost(WAIT).until(() -> "17.4".equals(hash(courier).get("lat")));
            Map<String, String> h = hash(courier);
            assertEquals("78.48", h.get("long"));
            assertEquals("90.0", h.get("heading"));
            assertEquals("5.5", h.get("speed"));
            long ts = Long.parseLong(h.get("ts"));
            assertTrue(Math.abs(ts - System.currentTimeMillis()) < 60_000, "the server's time when ts is absent");
            assertTrue(inGeoSet(courier));
            List<io.quarkus.redis.datasource.geo.GeoPosition> pos = redis.geo(String.class)
                    .geopos("dabba:couriers:available", id(courier));
            assertEquals(17.40, pos.get(0).latitude(), 0.0001);

            socket.send(Map.of("type", "location", "lat", 91, "long", 78.48));
            JsonNode error = socket.next("error", WAIT);
            assertEquals("lat", error.path("field").asText(), error.toString());
            socket.send(Map.of("type", "location", "lat", 17.5, "long", 181));
            assertEquals("long", socket.next("error", WAIT).path("field").asText());
            socket.send(Map.of("type", "location", "lat", 17.5, "long", 78.5,
                    "ts", Instant.now().plus(Duration.ofHours(1)).toString()));
            JsonNode future = socket.next("error", WAIT);
            assertEquals("ts", future.path("field").asText());
            assertTrue(future.path("detail").asText().contains("future"), future.toString());
            socket.send(Map.of("type", "location", "lat", "north", "long", 78.5));
            assertEquals("invalid-location", socket.next("error", WAIT).path("code").asText());
            socket.send(Map.of("type", "dance"));
            assertEquals("unknown-type", socket.next("error", WAIT).path("code").asText());
            socket.send("a message that is no JSON object");
            assertEquals("unreadable", socket.next("error", WAIT).path("code").asText());
            socket.send(Map.of("type", "accept", "orderId", "not-an-id"));
            assertEquals("invalid-accept", socket.next("error", WAIT).path("code").asText());
            assertEquals("17.4", hash(courier).get("lat"), "nothing refused was stored");
            assertEquals("78.48", hash(courier).get("long"));

            // An explicit ts is stored as sent.
            Instant sent = Instant.now();
            socket.send(Map.of("type", "location", "lat", 17.41, "long", 78.49, "ts", sent.toString()));
            await().atMost(WAIT).until(() -> String.valueOf(sent.toEpochMilli()).equals(hash(courier).get("ts")));
            assertNull(hash(courier).get("heading"), "heading absent: none stored");
        }
        // A position older than the one stored (sent late, or overtaken on the way) changes nothing.
        as(courier).body(Map.of("lat", 17.42, "long", 78.49, "ts", Instant.now().minusSeconds(5).toString()))
                .post("/couriers/me/location").then().statusCode(204);
        assertEquals("17.41", hash(courier).get("lat"));
    }

    @Test
    void positionsStillLandAfterRedisForgotTheScripts() {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        redis.execute("SCRIPT", "FLUSH"); // as after a Redis restart
        try (Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            // Steps of 11 m: a courier riding, not jumping (a jump would be ignored as implausible).
            for (int i = 1; i <= 20; i++) {
                socket.send(Map.of("type", "location", "lat", 17.0 + i / 10000.0, "long", 78.5));
            }
            await().atMost(WAIT).until(() -> "17.002".equals(hash(courier).get("lat")));
        }
    }

    @Test
    void aCourierLeftBusyByAFailureIsLetGoWhenTheyAskButNotWhileAnAcceptIsBeingDecided() {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        String key = "dabba:courier:" + id(courier);
        // BUSY on an order they never got: claimed a moment ago (an accept being decided): still BUSY.
        String order = java.util.UUID.randomUUID().toString();
        redis.hash(String.class).hset(key, Map.of("status", "BUSY", "order", order,
                "claimedAt", String.valueOf(System.currentTimeMillis())));
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(409)
                .body("type", equalTo("/problems/courier-busy"));
        // Claimed two minutes ago and still not theirs: what a failure half-way left. Let go.
        redis.hash(String.class).hset(key, "claimedAt", String.valueOf(System.currentTimeMillis() - 120_000));
        as(courier).body(Map.of("status", "OFFLINE")).put("/couriers/me/availability").then().statusCode(200)
                .body("status", equalTo("OFFLINE"));
        assertNull(hash(courier).get("order"));
    }

    @Test
    void theSocketIsForCouriersOnly() {
        assertEquals(401, Sockets.refusedStatus("/ws/couriers/me", null));
        assertEquals(403, Sockets.refusedStatus("/ws/couriers/me", Api.newUser("CUSTOMER")));
        assertEquals(403, Sockets.refusedStatus("/ws/couriers/me", Api.newUser("RESTAURANT_OWNER")));
    }

    @Test
    void theRestFallbackStoresAndRefusesLikeTheSocket() {
        String courier = Api.newUser("COURIER");
        Map<String, Object> here = Map.of("lat", 17.39, "long", 78.47);
        given().contentType(ContentType.JSON).body(here).post("/couriers/me/location").then().statusCode(401);
        as(Api.newUser("CUSTOMER")).body(here).post("/couriers/me/location").then().statusCode(403);
        // OFFLINE (never said AVAILABLE): nothing stored.
        as(courier).body(here).post("/couriers/me/location").then().statusCode(409)
                .contentType("application/problem+json").body("type", equalTo("/problems/courier-offline"));
        assertNull(hash(courier).get("lat"));

        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        as(courier).body(here).post("/couriers/me/location").then().statusCode(204);
        assertEquals("17.39", hash(courier).get("lat"));
        assertTrue(inGeoSet(courier));

        as(courier).body(Map.of("lat", -91, "long", 78.47)).post("/couriers/me/location").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("lat"));
        as(courier).body(Map.of("long", 78.47)).post("/couriers/me/location").then().statusCode(400)
                .body("errors[0].field", equalTo("lat"));
        as(courier).body(Map.of("lat", 17.3, "long", 78.47, "ts", "yesterday")).post("/couriers/me/location")
                .then().statusCode(400).body("errors[0].field", equalTo("ts"));
        as(courier).body(Map.of("lat", 17.3, "long", 78.47, "ts", Instant.now().plusSeconds(600).toString()))
                .post("/couriers/me/location").then().statusCode(400).body("errors[0].field", equalTo("ts"));
        as(courier).body(Map.of("lat", 17.3, "long", 78.47, "speed", -1)).post("/couriers/me/location")
                .then().statusCode(400).body("errors[0].field", equalTo("speed"));
        as(courier).body("{").post("/couriers/me/location").then().statusCode(400)
                .contentType("application/problem+json");
        assertEquals("17.39", hash(courier).get("lat"), "nothing refused was stored");

        // OFFLINE: out of the GEO set, the position forgotten.
        as(courier).body(Map.of("status", "OFFLINE")).put("/couriers/me/availability").then().statusCode(200)
                .body("status", equalTo("OFFLINE"));
        assertFalse(inGeoSet(courier));
        assertNull(hash(courier).get("lat"));
    }
}
