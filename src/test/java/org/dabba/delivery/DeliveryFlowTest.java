package org.dabba.delivery;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * A delivery end to end over the sockets, as the customer, the restaurant and three couriers see it: paid, accepted
 * by the restaurant, offered to three couriers, taken by one (the others revoked), ready, picked up, tracked,
 * delivered; with the wrong courier, the wrong state and strangers refused on the way.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DeliveryFlowTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    @Inject
    RedisDataSource redis;

    static java.util.function.Predicate<JsonNode> of(String type, PlacedOrder o) {
        return m -> m.path("type").asText().equals(type) && m.path("orderId").asText().equals(o.orderId());
    }

    @Test
    void paidAcceptedOfferedTakenPickedUpTrackedDelivered() {
        PlacedOrder o = Orders.paid();
        redis.key().del("dabba:couriers:available"); // only this test's couriers near the (shared) restaurant spot
        List<String> couriers = List.of(Couriers.available(Couriers.north(MatchingTest.LAT, 0.4), MatchingTest.LONG),
                Couriers.available(Couriers.north(MatchingTest.LAT, 0.8), MatchingTest.LONG),
                Couriers.available(Couriers.north(MatchingTest.LAT, 1.2), MatchingTest.LONG));
        List<Client> sockets = couriers.stream().map(c -> Sockets.connect("/ws/couriers/me", c)).toList();
        String taker = couriers.get(1);
        String other = couriers.get(0);
        Client takerSocket = sockets.get(1);
        try (Client customer = Sockets.connect("/ws/orders/" + o.orderId(), o.customerToken())) {
            customer.next("order.status", WAIT);
            String location = "/orders/{o}/location";
            given().get(location, o.orderId()).then().statusCode(401);
            as(Api.newUser("CUSTOMER")).get(location, o.orderId()).then().statusCode(404);
            as(o.ownerToken()).get(location, o.orderId()).then().statusCode(404);
            as(taker).get(location, o.orderId()).then().statusCode(404);
            as(o.customerToken()).get(location, o.orderId()).then().statusCode(409)
                    .contentType("application/problem+json").body("type", equalTo("/problems/no-courier-yet"));

            as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId())
                    .then().statusCode(200);
            List<JsonNode> offers = sockets.stream().map(s -> s.next(of("offer", o), WAIT)).toList(); // (another
            // test's order may be making rounds too)
            String deliveryFee = as(o.customerToken()).get("/orders/{o}", o.orderId()).then().statusCode(200)
                    .extract().jsonPath().getString("pricing.deliveryFee");
            for (JsonNode offer : offers) {
                assertEquals(deliveryFee, offer.path("payout").asText(), "the courier is paid the delivery fee");
                assertEquals("INR", offer.path("currency").asText());
                assertEquals(MatchingTest.LAT, offer.path("restaurant").path("location").path("lat").asDouble(), 1e-6);
                assertTrue(offer.hasNonNull("expiresAt") && offer.path("dropoffArea").hasNonNull("long"));
            }
            as(taker).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200)
                    .body("orderId", equalTo(o.orderId()));
            for (int i : new int[] { 0, 2 }) {
                sockets.get(i).next(of("offer.revoked", o), WAIT);
                as(couriers.get(i)).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(409)
                        .body("type", equalTo("/problems/no-longer-available"));
            }

            // Only the assigned courier moves it, and only in order.
            as(other).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(403)
                    .contentType("application/problem+json");
            as(o.customerToken()).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(403);
            as(taker).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/illegal-transition"));
            given().post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(401);
            as(taker).post("/deliveries/not-an-id/pickup").then().statusCode(404);

            // The restaurant says the food is ready: the courier hears it.
            as(other).post("/restaurants/{r}/orders/{o}/ready", o.restaurantId(), o.orderId()).then().statusCode(403);
            as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/ready", o.restaurantId(), o.orderId())
                    .then().statusCode(200).body("status", equalTo("ACCEPTED"));
            takerSocket.next(of("order.ready", o), WAIT);

            as(taker).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("OUT_FOR_DELIVERY"));
            customer.next(m -> m.path("type").asText().equals("order.status")
                    && m.path("status").asText().equals("OUT_FOR_DELIVERY"), WAIT);
            customer.next(m -> m.path("type").asText().equals("notification")
                    && m.path("event").asText().equals("order.delivery.started"), WAIT);
            as(taker).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(409);

            // Positions reach the customer, at most once a second.
            takerSocket.send(Map.of("type", "location", "lat", 17.3900, "long", 78.4867));
            JsonNode seen = customer.next("courier.location", WAIT);
            assertEquals(o.orderId(), seen.path("orderId").asText());
            assertEquals(17.39, seen.path("lat").asDouble(), 1e-6);
            assertEquals(78.4867, seen.path("long").asDouble(), 1e-6);
            as(o.customerToken()).get(location, o.orderId()).then().statusCode(200)
                    .body("courierId", equalTo(Couriers.id(taker))).body("lat", equalTo(17.39f))
                    .body("updatedAt", notNullValue()).body("etaMinutes", equalTo(2));
            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                takerSocket.send(Map.of("type", "location", "lat", 17.3901 + i * 0.0001, "long", 78.4867));
            }
            long burstMs = (System.nanoTime() - start) / 1_000_000;
            int pushed = 0;
            try {
                while (true) {
                    customer.next("courier.location", Duration.ofMillis(1500));
                    pushed++;
                }
            } catch (AssertionError quiet) {
                // no more
            }
            assertTrue(pushed <= burstMs / 1000 + 2, pushed + " pushes for a burst of " + burstMs + " ms");

            as(other).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(403);
            as(taker).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("DELIVERED"));
            customer.next(m -> m.path("type").asText().equals("notification")
                    && m.path("event").asText().equals("order.delivered"), WAIT);
            assertEquals("AVAILABLE", redis.hash(String.class).hget("dabba:courier:" + Couriers.id(taker), "status"));
            as(o.customerToken()).get(location, o.orderId()).then().statusCode(409)
                    .body("type", equalTo("/problems/delivery-over"));
            as(taker).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(409);
            as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/ready", o.restaurantId(), o.orderId())
                    .then().statusCode(409);
            // After delivery the courier's positions no longer reach the customer.
            takerSocket.send(Map.of("type", "location", "lat", 17.40, "long", 78.49));
            boolean pushedAfter;
            try {
                customer.next("courier.location", Duration.ofMillis(1500));
                pushedAfter = true;
            } catch (AssertionError none) {
                pushedAfter = false;
            }
            assertTrue(!pushedAfter, "a position pushed after the delivery");
        } finally {
            sockets.forEach(Client::close);
        }
    }
}
