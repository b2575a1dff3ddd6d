package org.dabba.delivery;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.dabba.delivery.CourierStore.Fix;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * The bounded way from courier sockets to Redis: a courier's newest position wins over the unstored older ones
 * (counted as coalesced), and a jump no vehicle makes is ignored with a warning, the courier's socket left open.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class LatestPositionsTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final double HYDERABAD_LAT = 17.385;
    static final double HYDERABAD_LONG = 78.4867;

    @Inject
    LatestPositions positions;

    @Inject
    RedisDataSource redis;

    String lat(String token) {
        return redis.hash(String.class).hget("dabba:courier:" + Couriers.id(token), "lat");
    }

    double count(String outcome) {
        return positions.counter(outcome).count();
    }

    @Test
    void theNewestPositionWinsAndTheOlderUnstoredOnesAreCountedAsCoalesced() throws Exception {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        UUID id = UUID.fromString(Couriers.id(courier));
        double coalescedBefore = count("coalesced");
        double storedBefore = count("stored");
        // Offered on the drainer's own event loop, so it cannot flush in between: 100 positions, one to store.
        CompletableFuture<Void> offered = new CompletableFuture<>();
        positions.drainer().runOnContext(v -> {
            Instant now = Instant.now();
            for (int i = 1; i <= 100; i++) {
                positions.offer(new Fix(id, 17.0 + i / 10000.0, 78.5, now.plusMillis(i), null, null), null);
            }
            offered.complete(null);
        });
        offered.get();
        await().atMost(WAIT).until(() -> "17.01".equals(lat(courier)));
        assertEquals(99, count("coalesced") - coalescedBefore, 0.0);
        assertTrue(count("stored") - storedBefore >= 1);
        assertEquals(0, positions.waiting());
    }

    @Test
    void aJumpNoVehicleMakesIsIgnoredWithAWarningAndTheSocketStaysOpen() {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        double before = count("implausible");
        try (Client socket = Sockets.connect("/ws/couriers/me", courier)) {
            socket.send(Map.of("type", "location", "lat", HYDERABAD_LAT, "long", HYDERABAD_LONG));
            await().atMost(WAIT).until(() -> String.valueOf(HYDERABAD_LAT).equals(lat(courier)));
            // Delhi, a second later: 1,250 km.
            socket.send(Map.of("type", "location", "lat", 28.6139, "long", 77.209));
            JsonNode warning = socket.next("warning", WAIT);
            assertEquals("implausible-position", warning.path("code").asText(), warning.toString());
            assertEquals(1, count("implausible") - before, 0.0);
            assertEquals(String.valueOf(HYDERABAD_LAT), lat(courier), "not stored");
            // A plausible next step is stored, on the same socket.
            socket.send(Map.of("type", "location", "lat", 17.3851, "long", HYDERABAD_LONG));
            await().atMost(WAIT).until(() -> "17.3851".equals(lat(courier)));
            assertTrue(!socket.isClosed(), "warned, not closed");
        }
        // The REST fallback refuses it the same way.
        as(courier).body(Map.of("lat", 28.6139, "long", 77.209)).post("/couriers/me/location").then()
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("/problems/implausible-position"));
    }

    @Test
    void theFirstPositionAfterALongGapIsAcceptedWhereverItIs() {
        String courier = Api.newUser("COURIER");
        as(courier).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        // Last seen in Hyderabad longer ago than stale-after (20 s in tests), now in Delhi.
        as(courier).body(Map.of("lat", HYDERABAD_LAT, "long", HYDERABAD_LONG,
                "ts", Instant.now().minusSeconds(60).toString())).post("/couriers/me/location").then().statusCode(204);
        as(courier).body(Map.of("lat", 28.6139, "long", 77.209)).post("/couriers/me/location").then()
                .statusCode(204);
        assertEquals("28.6139", lat(courier));
    }
}
