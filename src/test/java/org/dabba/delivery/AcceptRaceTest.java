package org.dabba.delivery;

import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.redis.datasource.RedisDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.AtOnce;
import org.dabba.testing.LocalServers;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * First accept wins: ten couriers offered the same order accept it at the same moment, over and over; exactly one
 * is assigned each time, the nine others get 409 no-longer-available and an offer.revoked. The offers are written
 * into Redis as the matching would (ten at once; matching itself offers K=3 per round): this is about the decision.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class AcceptRaceTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final int COURIERS = 10;
    static final int REPETITIONS = 12;

    @Inject
    RedisDataSource redis;

    @Inject
    CamelContext camel;

    @BeforeEach
    void listen() throws Exception {
        OrderEvents.listen(camel);
    }

    PlacedOrder acceptedAndOfferedTo(List<String> couriers) {
        PlacedOrder o = Orders.paid();
        as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId())
                .then().statusCode(200);
        Map<String, String> offers = new HashMap<>();
        String until = String.valueOf(Instant.now().plusSeconds(120).toEpochMilli());
        couriers.forEach(c -> offers.put(Couriers.id(c), until));
        redis.hash(String.class).hset("dabba:delivery:" + o.orderId() + ":offers", offers);
        return o;
    }

    @Test
    void exactlyOneOfTenConcurrentAcceptsWinsEveryTime() {
        List<String> couriers = new ArrayList<>();
        for (int i = 0; i < COURIERS; i++) {
            couriers.add(Couriers.available(17.2, 78.2)); // far from every test restaurant: matching leaves them be
        }
        List<Client> sockets = couriers.stream().map(c -> Sockets.connect("/ws/couriers/me", c)).toList();
        try {
            for (int rep = 0; rep < REPETITIONS; rep++) {
                PlacedOrder o = acceptedAndOfferedTo(couriers);
                List<Response> answers = AtOnce.run(couriers.stream()
                        .<Supplier<Response>>map(c -> () -> as(c).post("/deliveries/{o}/accept", o.orderId())).toList());
                int winner = -1;
                int lost = 0;
                for (int i = 0; i < COURIERS; i++) {
                    Response r = answers.get(i);
                    if (r.statusCode() == 200) {
                        assertEquals(-1, winner, "two winners in repetition " + rep);
                        winner = i;
                        assertEquals(Couriers.id(couriers.get(i)), r.path("courierId"));
                    } else {
                        assertEquals(409, r.statusCode(), r.asString());
                        assertEquals("/problems/no-longer-available", r.path("type"));
                        lost++;
                    }
                }
                assertEquals(COURIERS - 1, lost, "repetition " + rep);
                OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.assigned");
                for (int i = 0; i < COURIERS; i++) {
                    if (i != winner) {
                        JsonNode revoked = sockets.get(i).next(m -> m.path("type").asText().equals("offer.revoked")
                                && m.path("orderId").asText().equals(o.orderId()), WAIT);
                        assertEquals(o.orderId(), revoked.path("orderId").asText());
                    }
                }
                assertEquals("BUSY", redis.hash(String.class).hget("dabba:courier:" + Couriers.id(couriers.get(winner)),
                        "status"));
                // The winner delivers, so that all ten are AVAILABLE for the next round of the race.
                String w = couriers.get(winner);
                as(w).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);
                as(w).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200);
                assertEquals(1, OrderEvents.of(o.orderId()).stream()
                        .filter(e -> e.path("type").asText().equals("org.dabba.order.deliverypartner.assigned")).count());
            }
        } finally {
            sockets.forEach(Client::close);
        }
    }

    @Test
    void onlyACourierOfferedTheOrderMayAcceptIt() {
        String offered = Couriers.available(17.2, 78.2);
        String other = Couriers.available(17.2, 78.2);
        PlacedOrder o = acceptedAndOfferedTo(List.of(offered));
        io.restassured.RestAssured.given().post("/deliveries/{o}/accept", o.orderId()).then().statusCode(401);
        as(o.customerToken()).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(403)
                .contentType("application/problem+json");
        as(other).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(403)
                .contentType("application/problem+json");
        as(other).post("/deliveries/{o}/accept", UUID.randomUUID()).then().statusCode(403);
        as(other).post("/deliveries/not-an-id/accept").then().statusCode(404);

        // Over the socket: the accept message, answered with assigned.
        try (Client socket = Sockets.connect("/ws/couriers/me", offered)) {
            socket.send(Map.of("type", "accept", "orderId", o.orderId()));
            assertEquals(o.orderId(), socket.next("assigned", WAIT).path("orderId").asText());
            // Accepting again what one has is answered the same, and assigns nothing anew.
            socket.send(Map.of("type", "accept", "orderId", o.orderId()));
            assertEquals(o.orderId(), socket.next("assigned", WAIT).path("orderId").asText());
            socket.send(Map.of("type", "accept"));
            assertEquals("invalid-accept", socket.next("error", WAIT).path("code").asText());
        }
        OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.assigned");
        assertEquals(1, OrderEvents.of(o.orderId()).stream()
                .filter(e -> e.path("type").asText().equals("org.dabba.order.deliverypartner.assigned")).count());
        assertEquals(Couriers.id(offered), OrderEvents.find(o.orderId(), "org.dabba.order.deliverypartner.assigned")
                .orElseThrow().path("data").path("courierId").asText());
        as(Api.adminToken()).get("/orders/{o}/status", o.orderId()).then().statusCode(200)
                .body("status", equalTo("ACCEPTED"));
    }

    @Test
    void aCourierAcceptingTwoOrdersAtOnceGetsOneOfThem() {
        String courier = Couriers.available(17.2, 78.2);
        for (int rep = 0; rep < 6; rep++) {
            List<PlacedOrder> both = List.of(acceptedAndOfferedTo(List.of(courier)),
                    acceptedAndOfferedTo(List.of(courier)));
            List<Response> answers = AtOnce.run(both.stream()
                    .<Supplier<Response>>map(o -> () -> as(courier).post("/deliveries/{o}/accept", o.orderId()))
                    .toList());
            PlacedOrder won = null;
            for (int i = 0; i < 2; i++) {
                Response r = answers.get(i);
                if (r.statusCode() == 200) {
                    assertEquals(null, won, "the courier won both orders in repetition " + rep);
                    won = both.get(i);
                } else {
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals("/problems/courier-busy", r.path("type"));
                }
            }
            PlacedOrder taken = java.util.Objects.requireNonNull(won, "nobody won in repetition " + rep);
            PlacedOrder other = both.get(both.get(0) == taken ? 1 : 0);
            assertEquals(taken.orderId(), redis.hash(String.class).hget("dabba:courier:" + Couriers.id(courier),
                    "order"));
            // Events leave in commit order: once the won order's assignment is out, the other's would be too.
            OrderEvents.await(taken.orderId(), "org.dabba.order.deliverypartner.assigned");
            assertEquals(java.util.Optional.empty(),
                    OrderEvents.find(other.orderId(), "org.dabba.order.deliverypartner.assigned"));
            as(courier).post("/deliveries/{o}/pickup", taken.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/deliver", taken.orderId()).then().statusCode(200);
            // Free again: the order left over can be taken now.
            as(courier).post("/deliveries/{o}/accept", other.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/pickup", other.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/deliver", other.orderId()).then().statusCode(200);
        }
    }

    @Test
    void aDoubleTapOnAcceptLeavesTheCourierOnTheDelivery() {
        String courier = Couriers.available(17.2, 78.2);
        for (int rep = 0; rep < 6; rep++) {
            PlacedOrder o = acceptedAndOfferedTo(List.of(courier));
            Supplier<Response> tap = () -> as(courier).post("/deliveries/{o}/accept", o.orderId());
            int assigned = 0;
            for (Response r : AtOnce.run(List.of(tap, tap))) {
                if (r.statusCode() == 200) {
                    assigned++;
                } else {
                    // The second tap while the first is being decided.
                    assertEquals(409, r.statusCode(), r.asString());
                    assertEquals("/problems/courier-busy", r.path("type"));
                }
            }
            assertTrue(assigned >= 1, "repetition " + rep);
            Map<String, String> me = redis.hash(String.class).hgetall("dabba:courier:" + Couriers.id(courier));
            assertEquals("BUSY", me.get("status"), "repetition " + rep);
            assertEquals(o.orderId(), me.get("order"));
            as(courier).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200);
        }
    }
}
