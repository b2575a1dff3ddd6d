package org.dabba.delivery;

import static org.awaitility.Awaitility.await;
import static org.dabba.delivery.MatchingTest.LAT;
import static org.dabba.delivery.MatchingTest.LONG;
import static org.dabba.delivery.MatchingTest.accept;
import static org.dabba.delivery.MatchingTest.noOfferOf;
import static org.dabba.delivery.MatchingTest.offerOf;
import static org.dabba.delivery.MatchingTest.socket;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.camel.CamelContext;
import org.dabba.order.OrderCancellations;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dispatch never gives up silently: the rounds, then slow rounds, then the deadline (cancelled and refunded); an
 * admin assigning and re-dispatching; a courier handing a delivery back; a courier who does not come; a cancelled
 * order letting its courier go; what a courier sees of an offer and of their job. (Window 2 s, 3 rounds, and in
 * this class's own app slow rounds every 10 s, the deadline 30 s after the restaurant accepted, no-show after 3 s,
 * sweep every 0.5 s: timers that short would cancel or release the orders of other test classes.)
 */
@QuarkusTest
@TestProfile(DispatchTest.ShortTimers.class)
@WithTestResource(LocalServers.class)
class DispatchTest {

    public static class ShortTimers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("dabba.delivery.slow-round-interval", "PT10S", "dabba.delivery.dispatch-deadline", "PT30S",
                    "dabba.delivery.no-show-after", "PT3S");
        }
    }

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    @Inject
    CamelContext camel;

    @Inject
    OrderCancellations cancellations;

    @BeforeEach
    void onlyThisTestsCouriersAreNearby() throws Exception {
        redis.key().del("dabba:couriers:available");
        OrderEvents.listen(camel);
    }

    static Predicate<JsonNode> message(String type, String orderId) {
        return m -> m.path("type").asText().equals(type) && m.path("orderId").asText().equals(orderId);
    }

    static JsonNode awaitEvent(String orderId, String type, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(100))
                .until(() -> OrderEvents.find(orderId, type).isPresent());
        return OrderEvents.find(orderId, type).orElseThrow();
    }

    String courierStatus(String courier) {
        return redis.hash(String.class).hget("dabba:courier:" + Couriers.id(courier), "status");
    }

    @Test
    void nobodyAroundRoundsThenSlowerOffersThenTheDeadlineCancelsAndRefunds() {
        PlacedOrder o = accept(Orders.paid());
        Instant acceptedAt = Instant.now();
        JsonNode delayed = OrderEvents.await(o.orderId(), "org.dabba.order.delivery.delayed");
        assertEquals(3, delayed.path("data").path("rounds").asInt());
        as(Api.adminToken()).get("/admin/deliveries/unassigned").then().statusCode(200)
                .body("orderId", hasItem(o.orderId()));

        // A courier comes online after the rounds: the slow pace still offers the order (at most a slow interval
        // later), and nobody accepting leaves it to the deadline.
        String late = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        try (Client c = socket(late)) {
            JsonNode offer = c.next(offerOf(o.orderId()), Duration.ofSeconds(20));
            assertTrue(Instant.parse(offer.path("expiresAt").asText()).isAfter(acceptedAt.plusSeconds(6)),
                    offer.toString());
        }

        JsonNode cancelled = awaitEvent(o.orderId(), "org.dabba.order.cancelled", Duration.ofSeconds(45));
        assertEquals("dispatch-deadline", cancelled.path("data").path("reason").asText());
        assertTrue(Duration.between(acceptedAt, Instant.now()).toSeconds() >= 28, "cancelled before the deadline");
        JsonPath order = as(o.customerToken()).get("/orders/{o}", o.orderId()).then().statusCode(200)
                .body("status", equalTo("CANCELLED")).extract().jsonPath();
        assertTrue(List.of("REFUND_PENDING", "REFUNDED").contains(order.getString("paymentStatus")),
                order.prettify());
        assertEquals("SYSTEM", order.getString("history[-1].by.kind"));
        await().atMost(WAIT).untilAsserted(() -> as(Api.adminToken()).get("/admin/deliveries/unassigned").then()
                .statusCode(200).body("orderId", not(hasItem(o.orderId()))));
        assertFalse(redis.key().exists("dabba:delivery:" + o.orderId()));
        assertFalse(redis.sortedSet(String.class).zscore("dabba:delivery:rounds", o.orderId()).isPresent());
    }

    @Test
    void aRedeliveredConfirmationChangesNothingAndAMatchingLeftWithoutItsNextRoundIsFoundByTheSweep() {
        PlacedOrder o = accept(Orders.paid());
        String first = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        try (Client c = socket(first)) {
            c.next(offerOf(o.orderId()), WAIT);
            // The same confirmation again (at-least-once): the matching already started, nothing changes.
            JsonNode confirmed = OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.confirmed");
            camel.createProducerTemplate().sendBody("seda:order-events-matching", confirmed.toString());
            noOfferOf(c, o.orderId());
            // As if the round's next entry had been lost (a Redis failure): nothing would ever move the order on.
            redis.sortedSet(String.class).zrem("dabba:delivery:rounds", o.orderId());
            await().atMost(WAIT).until(() -> redis.sortedSet(String.class)
                    .zscore("dabba:delivery:rounds", o.orderId()).isPresent());
            // The sweep found it; its rounds go on from where they were, to the last one and the flag.
            awaitEvent(o.orderId(), "org.dabba.order.delivery.delayed", Duration.ofSeconds(20));
            as(first).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/offer-expired"));
        }
    }

    @Test
    void anAdminAssignsAnAvailableCourierOrIsRefusedThenReDispatches() {
        PlacedOrder o = accept(Orders.paid());
        OrderEvents.await(o.orderId(), "org.dabba.order.restaurant.confirmed");
        String admin = Api.adminToken();
        String courier = Couriers.available(Couriers.north(LAT, 40), LONG); // too far for offers
        String courierId = Couriers.id(courier);
        String offline = Api.newUser("COURIER");
        String path = "/admin/deliveries/{o}/assign";

        as(o.customerToken()).body(Map.of("courierId", courierId)).post(path, o.orderId()).then().statusCode(403);
        as(admin).body(Map.of()).post(path, o.orderId()).then().statusCode(400)
                .contentType("application/problem+json");
        as(admin).body(Map.of("courierId", courierId)).post(path, UUID.randomUUID()).then().statusCode(404);
        as(admin).body(Map.of("courierId", Couriers.id(offline))).post(path, o.orderId()).then().statusCode(409)
                .body("type", equalTo("/problems/courier-not-available"));

        try (Client c = socket(courier)) {
            as(admin).body(Map.of("courierId", courierId)).post(path, o.orderId()).then().statusCode(200)
                    .body("courierId", equalTo(courierId)).body("status", equalTo("ASSIGNED"));
            c.next(message("assigned", o.orderId()), WAIT);
            JsonNode assigned = OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.assigned");
            assertEquals(courierId, assigned.path("data").path("courierId").asText());
            assertEquals("BUSY", courierStatus(courier));
            as(o.customerToken()).get("/orders/{o}", o.orderId()).then()
                    .body("history[-1].by.kind", equalTo("ADMIN"));

            // Taken: not again, not to another; a BUSY courier not for another order either.
            String other = Couriers.available(Couriers.north(LAT, 41), LONG);
            as(admin).body(Map.of("courierId", Couriers.id(other))).post(path, o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/not-assignable"));
            PlacedOrder second = accept(Orders.paid());
            as(admin).body(Map.of("courierId", courierId)).post(path, second.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/courier-not-available"));
            assertEquals("AVAILABLE", courierStatus(other), "a refused assign leaves the courier as they were");

            // Re-dispatch: the courier is let go (told), the order offered again from round 1.
            String near = Couriers.available(Couriers.north(LAT, 0.5), LONG);
            try (Client n = socket(near)) {
                as(o.customerToken()).post("/admin/deliveries/{o}/redispatch", o.orderId()).then().statusCode(403);
                as(admin).post("/admin/deliveries/{o}/redispatch", o.orderId()).then().statusCode(200)
                        .body("releasedCourierId", equalTo(courierId)).body("status", equalTo("DISPATCHING"));
                JsonNode released = c.next(message("released", o.orderId()), WAIT);
                assertEquals("re-dispatched", released.path("reason").asText());
                assertEquals("AVAILABLE", courierStatus(courier));
                JsonNode event = OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.released");
                assertEquals(courierId, event.path("data").path("courierId").asText());
                n.next(offerOf(o.orderId()), WAIT);

                // An order nobody has starts its rounds again, at once; one picked up cannot go back.
                as(admin).post("/admin/deliveries/{o}/redispatch", o.orderId()).then().statusCode(200)
                        .body("releasedCourierId", nullValue());
                as(near).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200);
                as(near).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);
                as(admin).post("/admin/deliveries/{o}/redispatch", o.orderId()).then().statusCode(409)
                        .body("type", equalTo("/problems/not-dispatchable"));
                as(admin).post("/admin/deliveries/{o}/redispatch", "not-an-id").then().statusCode(404);
            }
        }
    }

    @Test
    void theOfferShowsTheAreaTheJobShowsEverythingAndTheCourierMayHandItBackBeforePickup() {
        PlacedOrder o = accept(Orders.paid());
        String taker = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        String stranger = Couriers.available(Couriers.north(LAT, 0.7), LONG);
        try (Client t = socket(taker); Client s = socket(stranger)) {
            JsonNode offer = t.next(offerOf(o.orderId()), WAIT);
            s.next(offerOf(o.orderId()), WAIT);
            assertTrue(offer.path("dropoff").isMissingNode(), offer.toString());
            assertFalse(offer.toString().contains("Banjara"), offer.toString());
            assertEquals(1.1, offer.path("dropoffArea").path("distanceKm").asDouble(), 1e-9);

            as(taker).get("/couriers/me/delivery").then().statusCode(404).contentType("application/problem+json");
            as(taker).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200);
            as(taker).get("/couriers/me/delivery").then().statusCode(200)
                    .body("orderId", equalTo(o.orderId()))
                    .body("restaurant.name", equalTo("The Spice Garden"))
                    .body("restaurant.street", equalTo("123 Main St"))
                    .body("restaurant.phone", equalTo("+919876543210"))
                    .body("codeRequired", equalTo(false))
                    .body("items[0].name", equalTo("Paneer Tikka"))
                    .body("items[0].quantity", equalTo(2))
                    .body("items[0].specialInstructions", equalTo("Less spicy"))
                    .body("dropoff.street", equalTo("1 Banjara Hills Rd"))
                    .body("dropoff.lat", equalTo(17.395f))
                    .body("dropoff.customerFirstName", equalTo("Test"));
            as(o.customerToken()).get("/couriers/me/delivery").then().statusCode(403);

            String release = "/deliveries/{o}/release";
            as(stranger).body(Map.of("reason", "mine now")).post(release, o.orderId()).then().statusCode(403);
            as(taker).body(Map.of()).post(release, o.orderId()).then().statusCode(400)
                    .contentType("application/problem+json");
            as(taker).body(Map.of("reason", " ")).post(release, o.orderId()).then().statusCode(400);
            as(taker).body(Map.of("reason", "flat tyre")).post(release, o.orderId()).then().statusCode(200)
                    .body("releasedCourierId", equalTo(Couriers.id(taker)));
            assertEquals("AVAILABLE", courierStatus(taker));
            JsonNode released = OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.released");
            assertEquals(Couriers.id(taker), released.path("data").path("courierId").asText());
            assertEquals("flat tyre", released.path("data").path("reason").asText());
            as(o.customerToken()).get("/orders/{o}", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("ACCEPTED"))
                    .body("history[-1].reason", equalTo("courier released: flat tyre"))
                    .body("history[-1].by.kind", equalTo("COURIER"));
            as(taker).get("/couriers/me/delivery").then().statusCode(404);

            // Back to dispatch at once: offered again, not to who gave it back.
            s.next(offerOf(o.orderId()), WAIT);
            noOfferOf(t, o.orderId());
            as(stranger).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200);
            as(stranger).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);
            as(stranger).body(Map.of("reason", "too far")).post(release, o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/picked-up"));
            as(stranger).get("/couriers/me/delivery").then().statusCode(200)
                    .body("status", equalTo("OUT_FOR_DELIVERY"));
        }
    }

    @Test
    void aCourierWhoDoesNotComeForTheFoodIsReleasedCountedAndTheOrderOfferedAgain() {
        PlacedOrder o = accept(Orders.paid());
        String late = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        String lateId = Couriers.id(late);
        String admin = Api.adminToken();
        as(admin).get("/admin/couriers/{c}/stats", lateId).then().statusCode(200).body("noShows", equalTo(0));
        try (Client l = socket(late)) {
            l.next(offerOf(o.orderId()), WAIT);
            as(late).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200);
            String next = Couriers.available(Couriers.north(LAT, 0.6), LONG);
            try (Client n = socket(next)) {
                as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/ready", o.restaurantId(), o.orderId())
                        .then().statusCode(200);
                JsonNode released = l.next(message("released", o.orderId()), WAIT);
                assertEquals("no-show", released.path("reason").asText());
                JsonNode event = OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.released");
                assertEquals("no-show", event.path("data").path("reason").asText());
                assertEquals("AVAILABLE", courierStatus(late));
                n.next(offerOf(o.orderId()), WAIT);
                noOfferOf(l, o.orderId());
            }
        }
        as(admin).get("/admin/couriers/{c}/stats", lateId).then().statusCode(200)
                .body("courierId", equalTo(lateId)).body("noShows", equalTo(1))
                .body("lastNoShowAt", org.hamcrest.Matchers.notNullValue());
        as(late).get("/admin/couriers/{c}/stats", lateId).then().statusCode(403);
        as(admin).get("/admin/couriers/{c}/stats", "nope").then().statusCode(404);
    }

    @Test
    void cancellingRevokesOpenOffersAndLetsTheAssignedCourierGo() {
        PlacedOrder offered = accept(Orders.paid());
        PlacedOrder taken = accept(Orders.paid());
        String a = Couriers.available(Couriers.north(LAT, 0.5), LONG);
        String b = Couriers.available(Couriers.north(LAT, 0.6), LONG);
        try (Client ca = socket(a); Client cb = socket(b)) {
            cb.next(offerOf(taken.orderId()), WAIT);
            as(b).post("/deliveries/{o}/accept", taken.orderId()).then().statusCode(200);
            ca.next(offerOf(offered.orderId()), WAIT);

            assertTrue(cancellations.cancelBySystem(UUID.fromString(offered.orderId()), "test-cancel"));
            JsonNode revoked = ca.next(message("offer.revoked", offered.orderId()), WAIT);
            assertEquals("order cancelled", revoked.path("reason").asText());

            assertEquals("BUSY", courierStatus(b));
            assertTrue(cancellations.cancelBySystem(UUID.fromString(taken.orderId()), "test-cancel"));
            JsonNode told = cb.next(message("order.cancelled", taken.orderId()), WAIT);
            assertEquals("test-cancel", told.path("reason").asText());
            assertEquals("AVAILABLE", courierStatus(b));
            as(b).get("/couriers/me/delivery").then().statusCode(404);
            as(b).post("/deliveries/{o}/pickup", taken.orderId()).then().statusCode(409);
            // Not twice.
            assertFalse(cancellations.cancelBySystem(UUID.fromString(taken.orderId()), "test-cancel"));
        }
    }
}
