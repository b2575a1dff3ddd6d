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
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Matching against the real embedded Redis, as couriers see it on their sockets: the K nearest available, fresh
 * couriers within the radius get the offer at once; nobody accepting starts the next round with a wider radius;
 * after the last round the order is flagged for admins and its customer told. (%test: K=3, window 2 s, 3 rounds,
 * widened after the first, stale after 20 s.)
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class MatchingTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    /** Every test restaurant is here (Api.restaurantBody). */
    static final double LAT = 17.3850;
    static final double LONG = 78.4867;

    @Inject
    RedisDataSource redis;

    @Inject
    CamelContext camel;

    @BeforeEach
    void onlyThisTestsCouriersAreNearby() throws Exception {
        // All test restaurants share one position: couriers of earlier tests must not take the offers.
        redis.key().del("dabba:couriers:available");
        OrderEvents.listen(camel);
    }

    /** The restaurant accepts: order.restaurant.confirmed starts the matching. */
    static PlacedOrder accept(PlacedOrder o) {
        as(o.ownerToken()).body(Map.of("prepTimeMinutes", 15))
                .post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId()).then().statusCode(200);
        return o;
    }

    /** An offer of this order (other tests' orders may still be making rounds among the same couriers). */
    static java.util.function.Predicate<JsonNode> offerOf(String orderId) {
        return m -> m.path("type").asText().equals("offer") && m.path("orderId").asText().equals(orderId);
    }

    /** No (further) offer of {@code orderId} on the socket (other tests' orders may still be making rounds). */
    static void noOfferOf(Client c, String orderId) {
        try {
            JsonNode m = c.next(x -> x.path("type").asText().equals("offer")
                    && x.path("orderId").asText().equals(orderId), Duration.ofMillis(300));
            throw new IllegalStateException("Unexpected offer: " + m);
        } catch (AssertionError expected) {
            // none came
        }
    }

    static Client socket(String courier) {
        return Sockets.connect("/ws/couriers/me", courier);
    }

    @Test
    void theNearestFreshCouriersWithinTheRadiusGetTheOfferThenTheRadiusWidensThenAdminsAreTold() throws Exception {
        PlacedOrder paid = Orders.paid();
        String near1 = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        String near2 = Couriers.available(Couriers.north(LAT, 1.0), LONG);
        String near3 = Couriers.available(Couriers.north(LAT, 2.0), LONG);
        String fourth = Couriers.available(Couriers.north(LAT, 3.0), LONG);
        String beyond = Couriers.available(Couriers.north(LAT, 6.0), LONG);
        String farAway = Couriers.available(Couriers.north(LAT, 12.0), LONG);
        String stale = Api.newUser("COURIER");
        as(stale).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        as(stale).body(Map.of("lat", Couriers.north(LAT, 0.1), "long", LONG,
                "ts", Instant.now().minusSeconds(60).toString())).post("/couriers/me/location").then().statusCode(204);
        List<String> all = List.of(near1, near2, near3, fourth, beyond, farAway, stale);
        List<Client> sockets = all.stream().map(MatchingTest::socket).toList();
        try {
            PlacedOrder o = accept(paid);
            Instant round1 = null;
            for (int i = 0; i < 3; i++) {
                JsonNode offer = sockets.get(i).next(offerOf(o.orderId()), WAIT);
                assertEquals("The Spice Garden", offer.path("restaurant").path("name").asText());
                assertEquals(LAT, offer.path("restaurant").path("location").path("lat").asDouble(), 1e-6);
                assertEquals(LONG, offer.path("restaurant").path("location").path("long").asDouble(), 1e-6);
                // Only the area of the drop-off (its ~1 km cell) and its distance, never the exact point.
                assertEquals(17.3950, offer.path("dropoffArea").path("lat").asDouble(), 0.0051);
                assertEquals(78.49, offer.path("dropoffArea").path("long").asDouble(), 1e-9);
                assertEquals(1.1, offer.path("dropoffArea").path("distanceKm").asDouble(), 1e-9);
                assertTrue(offer.path("dropoff").isMissingNode(), offer.toString());
                Instant expiresAt = Instant.parse(offer.path("expiresAt").asText());
                if (round1 != null) {
                    assertEquals(round1, expiresAt, "the three nearest are offered at once, in round 1");
                }
                round1 = expiresAt;
            }
            // Round 1 (5 km, K=3) is not for the fourth nearest nor beyond 5 km: their first offer is round 2's
            // (10 km), which starts when round 1's window has run out.
            for (int i = 3; i < 5; i++) {
                JsonNode offer = sockets.get(i).next(offerOf(o.orderId()), WAIT);
                assertTrue(Instant.parse(offer.path("expiresAt").asText()).isAfter(round1), offer.toString());
            }

            // Round 3 finds nobody new; after its window the order is flagged and the customer told.
            JsonNode delayed = OrderEvents.await(o.orderId(), "org.dabba.order.delivery.delayed");
            assertEquals(3, delayed.path("data").path("rounds").asInt());
            as(Api.adminToken()).get("/admin/deliveries/unassigned").then().statusCode(200)
                    .body("find { it.orderId == '" + o.orderId() + "' }.rounds", equalTo(3));
            await().atMost(WAIT).untilAsserted(() -> as(o.customerToken()).get("/notifications").then()
                    .statusCode(200).body("items.title", org.hamcrest.Matchers.hasItem("Your delivery is delayed")));
            // Nobody was offered it twice; the stale courier and the one 12 km away never.
            for (Client c : sockets) {
                noOfferOf(c, o.orderId());
            }

            // An admin's list only: anyone else 403, nobody 401.
            as(o.customerToken()).get("/admin/deliveries/unassigned").then().statusCode(403);
            io.restassured.RestAssured.given().get("/admin/deliveries/unassigned").then().statusCode(401);

            // A courier accepting after all (offer lapsed) is told so; one never offered it 403.
            as(near1).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/offer-expired"));
            as(farAway).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(403);
        } finally {
            sockets.forEach(Client::close);
        }
    }

    @Test
    void aCourierWhoGoesOfflineOrIsBusyGetsNoOffer() {
        PlacedOrder first = Orders.paid();
        PlacedOrder second = Orders.paid();
        String offline = Couriers.available(Couriers.north(LAT, 0.3), LONG);
        as(offline).body(Map.of("status", "OFFLINE")).put("/couriers/me/availability").then().statusCode(200);
        String free = Couriers.available(Couriers.north(LAT, 0.6), LONG);
        try (Client offlineSocket = socket(offline); Client freeSocket = socket(free)) {
            accept(first);
            freeSocket.next(offerOf(first.orderId()), WAIT);
            as(free).post("/deliveries/{o}/accept", first.orderId()).then().statusCode(200)
                    .body("courierId", equalTo(Couriers.id(free)));
            OrderEvents.await(first.orderId(), "org.dabba.order.deliverypartner.assigned");
            // BUSY: no offer of the next order, and no way to go AVAILABLE or OFFLINE by itself.
            as(free).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(409)
                    .body("type", equalTo("/problems/courier-busy"));
            accept(second);
            OrderEvents.await(second.orderId(), "org.dabba.order.restaurant.confirmed");
            noOfferOf(freeSocket, second.orderId());
            noOfferOf(offlineSocket, second.orderId());
            noOfferOf(offlineSocket, first.orderId());
        }
    }

    @Test
    void manyOrdersConfirmedAtOnceAreEachOfferedOnceToEachNearbyCourier() throws Exception {
        String[] r = Api.onlineRestaurant();
        String dish = Api.dish(r[0], r[1], "Paneer Tikka", "250.00");
        List<PlacedOrder> paid = java.util.stream.IntStream.range(0, 12)
                .mapToObj(i -> Orders.paid(r[0], r[1], dish)).toList();
        List<String> couriers = List.of(Couriers.available(Couriers.north(LAT, 0.4), LONG),
                Couriers.available(Couriers.north(LAT, 0.8), LONG),
                Couriers.available(Couriers.north(LAT, 1.2), LONG));
        List<Client> sockets = couriers.stream().map(MatchingTest::socket).toList();
        java.util.concurrent.ExecutorService owners = java.util.concurrent.Executors.newFixedThreadPool(paid.size());
        try {
            // The restaurant accepts all of them at once: their confirmations reach matching together.
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<PlacedOrder>> accepted = paid.stream()
                    .map(o -> owners.submit(() -> {
                        go.await();
                        return accept(o);
                    })).toList();
            go.countDown();
            for (java.util.concurrent.Future<PlacedOrder> f : accepted) {
                f.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            }
            // Round 1 (K=3) offers each order to each of the three, in whatever order; the next rounds ask nobody
            // again.
            java.util.Set<String> ours = paid.stream().map(PlacedOrder::orderId)
                    .collect(java.util.stream.Collectors.toSet());
            for (Client c : sockets) {
                Map<String, Integer> offered = new java.util.HashMap<>();
                while (offered.size() < ours.size()) {
                    JsonNode offer = c.next(m -> m.path("type").asText().equals("offer")
                            && ours.contains(m.path("orderId").asText()), WAIT);
                    offered.merge(offer.path("orderId").asText(), 1, Integer::sum);
                }
                assertEquals(java.util.Set.of(1), java.util.Set.copyOf(offered.values()), offered.toString());
            }
            Duration quiet = Duration.ofMillis(2500); // past round 1's window: round 2 would have come
            for (Client c : sockets) {
                try {
                    JsonNode again = c.next(m -> m.path("type").asText().equals("offer")
                            && ours.contains(m.path("orderId").asText()), quiet);
                    throw new IllegalStateException("Offered twice: " + again);
                } catch (AssertionError expected) {
                    // none came, through the next round's window
                }
                quiet = Duration.ofMillis(300);
            }
            // What matching stored: each order offered to exactly these three couriers.
            java.util.Set<String> ids = couriers.stream().map(Couriers::id)
                    .collect(java.util.stream.Collectors.toSet());
            for (PlacedOrder o : paid) {
                assertEquals(ids, redis.hash(String.class).hgetall("dabba:delivery:" + o.orderId() + ":offers")
                        .keySet(), o.orderId());
            }
        } finally {
            owners.shutdownNow();
            sockets.forEach(Client::close);
        }
    }
}
