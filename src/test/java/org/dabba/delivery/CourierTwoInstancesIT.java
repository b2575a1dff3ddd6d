package org.dabba.delivery;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dabba.testing.Api;
import org.dabba.testing.AppInstance;
import org.dabba.testing.AtOnce;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.dabba.testing.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Couriers across two app instances ({@link TwoInstances}: A is this test's app, B the packaged jar in a JVM of its
 * own, both prod profile on one PostgreSQL, Redis and Kafka), as couriers and customers behind a load balancer see
 * them: ten couriers accepting one order at the same moment, half through each instance, leave exactly one
 * assigned and nine told it is no longer available, order after order; the offers and their revocations reach
 * every courier's socket whichever instance it is open on (matching runs on one: the consumer group
 * {@code dabba-delivery-matching}); and a courier reporting its position to one instance is seen moving by its
 * customer on the other.
 *
 * <p>Both instances offer an order to ten couriers at once ({@code offers-per-round=10}). Each test works at a
 * random spot of its own, far from every other test's, because the Redis set of available couriers is shared with
 * the whole run.
 */
@QuarkusTest
@TestProfile(CourierTwoInstancesIT.InstanceA.class)
class CourierTwoInstancesIT {

    static final TwoInstances INSTANCES = new TwoInstances("couriers-it", "dabba_couriers_it", "couriers-it-admin");
    /** Couriers move a kilometre within seconds here (a test, not a ride): the plausibility check is out of the way. */
    static final Map<String, String> DELIVERY = Map.of("%prod.dabba.delivery.offers-per-round", "10",
            "%prod.dabba.delivery.max-plausible-speed-kmh", "100000");
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int COURIERS = 10;
    static final int ORDERS = 5;

    public static class InstanceA implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = INSTANCES.instanceA();
            config.putAll(DELIVERY);
            return config;
        }
    }

    static AppInstance instanceB;

    @BeforeAll
    static void startInstanceB() {
        instanceB = INSTANCES.startB(DELIVERY);
        Api.adminPassword(INSTANCES.adminPassword()); // test couriers are approved by this database's admin
    }

    @AfterAll
    static void stopInstanceB() {
        Api.adminPassword(Api.DEFAULT_ADMIN_PASSWORD);
        if (instanceB != null) {
            instanceB.close();
        }
    }

    @Inject
    RedisDataSource redis;

    /** A REST call to instance B (plain {@code as(token)} calls go to A). */
    static RequestSpecification onB(String token) {
        return as(token).baseUri("http://127.0.0.1").port(instanceB.port());
    }

    static Client socketOnA(String path, String token) {
        return Sockets.connect(path, token);
    }

    static Client socketOnB(String path, String token) {
        return Sockets.connect(instanceB.webSocketBase(), path, token);
    }

    /** A place of one test's own: a random base far from the other tests' (Hyderabad), each test ~35 km apart. */
    record Spot(double lat, double lon) {
        static final double BASE_LAT = -50 + ThreadLocalRandom.current().nextDouble(20);
        static final double BASE_LONG = -170 + ThreadLocalRandom.current().nextDouble(60);
        static final AtomicInteger TAKEN = new AtomicInteger();

        static Spot next() {
            return new Spot(round(BASE_LAT), round(BASE_LONG + 0.5 * TAKEN.incrementAndGet()));
        }

        Spot north(double km) {
            return new Spot(round(Couriers.north(lat, km)), lon);
        }

        private static double round(double degrees) {
            return Math.round(degrees * 10_000) / 10_000.0;
        }
    }

    record Restaurant(String ownerToken, String id, String itemId, Spot spot) {
    }

    /** An approved, ONLINE restaurant at {@code spot}, with one dish. */
    static Restaurant restaurantAt(Spot spot) {
        String owner = Api.newUser("RESTAURANT_OWNER");
        Map<String, Object> body = Api.restaurantBody();
        body.put("address", Map.of("street", "1 Test Quay", "city", "Nowhere", "zipCode", "00000",
                "latitude", spot.lat(), "longitude", spot.lon()));
        String id = as(owner).body(body).post("/restaurants").then().statusCode(201).extract().path("id");
        as(INSTANCES.adminToken()).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", id).then().statusCode(200);
        Api.switchStatus(owner, id, "ONLINE");
        return new Restaurant(owner, id, Api.dish(owner, id, "Paneer Tikka", "250.00"), spot);
    }

    /** Where courier {@code i} waits: all within a kilometre north of the restaurant. */
    static Spot waiting(Restaurant r, int i) {
        return r.spot().north(0.1 * (i + 1));
    }

    /** Ten AVAILABLE couriers near the restaurant. */
    static List<String> couriersNear(Restaurant r) {
        List<String> couriers = new ArrayList<>();
        for (int i = 0; i < COURIERS; i++) {
            Spot at = waiting(r, i);
            couriers.add(Couriers.available(at.lat(), at.lon()));
        }
        return couriers;
    }

    /** Fresh positions (a courier silent for a minute is not offered orders), half through each instance. */
    static void stillWaiting(Restaurant r, List<String> couriers) {
        for (int i = 0; i < couriers.size(); i++) {
            Spot at = waiting(r, i);
            Map<String, Object> body = new HashMap<>(Map.of("lat", at.lat(), "long", at.lon()));
            body.put("ts", Instant.now().toString());
            (i % 2 == 0 ? as(couriers.get(i)) : onB(couriers.get(i))).body(body).post("/couriers/me/location")
                    .then().statusCode(204);
        }
    }

    /** A paid order, delivered 2 km north, that the restaurant accepts: order.restaurant.confirmed starts matching. */
    static PlacedOrder confirmedOrder(Restaurant r) {
        Spot dropoff = r.spot().north(2);
        PlacedOrder o = Orders.paid(r.ownerToken(), r.id(), r.itemId(), dropoff.lat(), dropoff.lon());
        as(r.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", r.id(), o.orderId()).then().statusCode(200);
        return o;
    }

    /**
     * Waits until matching (on whichever instance holds the partition) has offered the order to {@code couriers}
     * couriers. Read from its Redis memory rather than the sockets, so that the race itself does not depend on
     * where the offers are pushed (the next test checks that).
     */
    void awaitOffered(PlacedOrder o, int couriers) {
        String offers = Matchings.offersKey(UUID.fromString(o.orderId()));
        await("order " + o.orderId() + " offered to " + couriers + " couriers").atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> redis.hash(String.class).hlen(offers) >= couriers);
    }

    /**
     * The couriers accept the order at the same moment, the even ones through A, the odd ones through B: their
     * answers, in the couriers' order.
     */
    static List<Response> allAcceptAtOnce(List<String> couriers, String orderId) {
        List<Supplier<Response>> accepts = new ArrayList<>();
        for (int i = 0; i < couriers.size(); i++) {
            RequestSpecification accept = i % 2 == 0 ? as(couriers.get(i)) : onB(couriers.get(i));
            accepts.add(() -> accept.post("/deliveries/{o}/accept", orderId));
        }
        return AtOnce.run(accepts);
    }

    /** Exactly one 200 (the winner's, whose index it returns) and a 409 no-longer-available for each of the others. */
    static int theOneWinner(List<Response> answers, List<String> couriers, String what) {
        int winner = -1;
        int lost = 0;
        for (int i = 0; i < answers.size(); i++) {
            Response r = answers.get(i);
            if (r.statusCode() == 200) {
                assertEquals(-1, winner, "two winners of " + what + ": couriers " + winner + " and " + i);
                winner = i;
                assertEquals(Couriers.id(couriers.get(i)), r.path("courierId"), what);
                assertEquals("ASSIGNED", r.path("status"), what);
            } else {
                assertEquals(409, r.statusCode(), what + ", courier " + i + ": " + r.asString());
                String type = r.path("type");
                assertTrue(type.endsWith("no-longer-available"), what + ", courier " + i + ": " + r.asString());
                lost++;
            }
        }
        assertNotEquals(-1, winner, "nobody won " + what);
        assertEquals(couriers.size() - 1, lost, what);
        return winner;
    }

    static Predicate<JsonNode> of(String type, PlacedOrder o) {
        return m -> m.path("type").asText().equals(type) && m.path("orderId").asText().equals(o.orderId());
    }

    /**
     * Which of the sockets got no {@code type} message of the order by the deadline (one deadline for all: what
     * is pushed at once arrives at once), named "courier i on A|B" for a readable failure.
     */
    static List<String> missing(List<Client> sockets, List<Integer> which, String type, PlacedOrder o,
            Map<Integer, JsonNode> received) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> missed = new ArrayList<>();
        for (int i : which) {
            Duration left = Duration.ofNanos(Math.max(deadline - System.nanoTime(), Duration.ofSeconds(1).toNanos()));
            try {
                received.put(i, sockets.get(i).next(of(type, o), left));
            } catch (AssertionError none) {
                missed.add("courier " + i + " on " + (onA(i) ? "A" : "B"));
            }
        }
        return missed;
    }

    /** Courier i's socket is on A for the first half, on B for the second (accepts alternate instances). */
    static boolean onA(int i) {
        return i < COURIERS / 2;
    }

    @Test
    void exactlyOneOfTenCouriersAcceptingThroughTwoInstancesGetsEachOrder() throws Exception {
        Restaurant r = restaurantAt(Spot.next());
        List<String> couriers = couriersNear(r);
        for (int n = 1; n <= ORDERS; n++) {
            stillWaiting(r, couriers);
            PlacedOrder o = confirmedOrder(r);
            awaitOffered(o, COURIERS);
            String what = "order " + n + " (" + o.orderId() + ")";

            int winner = theOneWinner(allAcceptAtOnce(couriers, o.orderId()), couriers, what);

            // The order is the winner's, as both instances and its customer see it.
            String w = couriers.get(winner);
            onB(o.customerToken()).get("/orders/{o}/location", o.orderId()).then().statusCode(200)
                    .body("courierId", equalTo(Couriers.id(w)));
            String loser = couriers.get((winner + 1) % COURIERS);
            as(loser).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(403);
            onB(loser).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(403);
            // The winner delivers it, so that all ten are AVAILABLE for the next order.
            onB(w).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("OUT_FOR_DELIVERY"));
            as(w).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("DELIVERED"));
        }
    }

    @Test
    void offersAndRevocationsReachEveryCourierWhicheverInstanceItsSocketIsOn() throws Exception {
        Restaurant r = restaurantAt(Spot.next());
        List<String> couriers = couriersNear(r);
        List<Client> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < COURIERS; i++) {
                String path = "/ws/couriers/me";
                sockets.add(onA(i) ? socketOnA(path, couriers.get(i)) : socketOnB(path, couriers.get(i)));
            }
            PlacedOrder o = confirmedOrder(r);
            List<Integer> everyone = new ArrayList<>();
            for (int i = 0; i < COURIERS; i++) {
                everyone.add(i);
            }
            Map<Integer, JsonNode> offers = new HashMap<>();
            assertEquals(List.of(), missing(sockets, everyone, "offer", o, offers), "couriers without the offer");
            Spot dropoff = r.spot().north(2);
            offers.values().forEach(offer -> {
                assertEquals("The Spice Garden", offer.path("restaurant").path("name").asText());
                assertEquals(r.spot().lat(), offer.path("restaurant").path("location").path("lat").asDouble(), 1e-6);
                assertEquals(r.spot().lon(), offer.path("restaurant").path("location").path("long").asDouble(), 1e-6);
                // Only the area of the drop-off (about 1 km), never the customer's point, before a courier has it.
                assertTrue(offer.path("dropoff").isMissingNode(), offer.toString());
                assertEquals(dropoff.lat(), offer.path("dropoffArea").path("lat").asDouble(), 0.0051);
                assertEquals(dropoff.lon(), offer.path("dropoffArea").path("long").asDouble(), 0.0051);
                assertTrue(Instant.parse(offer.path("expiresAt").asText()).isAfter(Instant.now()), offer.toString());
            });

            int winner = theOneWinner(allAcceptAtOnce(couriers, o.orderId()), couriers, "the order");
            List<Integer> losers = new ArrayList<>(everyone);
            losers.remove(Integer.valueOf(winner));
            assertEquals(List.of(), missing(sockets, losers, "offer.revoked", o, new HashMap<>()),
                    "losers not told (the winner, courier " + winner + ", accepted through "
                            + (winner % 2 == 0 ? "A" : "B") + ")");
        } finally {
            sockets.forEach(Client::close);
        }
    }

    @Test
    void aCustomerOnInstanceBSeesTheCourierMoveThatReportsToInstanceA() {
        Restaurant r = restaurantAt(Spot.next());
        Spot waiting = waiting(r, 0);
        String courier = Couriers.available(waiting.lat(), waiting.lon());
        PlacedOrder o = Orders.paid(r.ownerToken(), r.id(), r.itemId(), r.spot().north(2).lat(), r.spot().lon());
        String path = "/ws/orders/" + o.orderId();
        try (Client customerOnB = socketOnB(path, o.customerToken());
                Client customerOnA = socketOnA(path, o.customerToken());
                Client courierOnA = socketOnA("/ws/couriers/me", courier)) {
            customerOnB.next("order.status", WAIT);
            customerOnA.next("order.status", WAIT);
            as(r.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", r.id(), o.orderId()).then().statusCode(200);
            awaitOffered(o, 1);
            onB(courier).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);

            Spot moved = r.spot().north(1);
            courierOnA.send(Map.of("type", "location", "lat", moved.lat(), "long", moved.lon()));
            // On A, where the position came in, first: then a miss on B is B's alone.
            assertEquals(o.orderId(), customerOnA.next("courier.location", WAIT).path("orderId").asText());
            JsonNode seen = customerOnB.next("courier.location", WAIT);
            assertEquals(o.orderId(), seen.path("orderId").asText());
            assertEquals(moved.lat(), seen.path("lat").asDouble(), 1e-6);
            assertEquals(moved.lon(), seen.path("long").asDouble(), 1e-6);
            Instant updatedAt = Instant.parse(seen.path("updatedAt").asText());
            assertTrue(Duration.between(updatedAt, Instant.now()).abs().compareTo(WAIT) < 0, seen.toString());
        }
    }
}
