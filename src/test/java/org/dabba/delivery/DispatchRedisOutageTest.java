package org.dabba.delivery;

import static org.awaitility.Awaitility.await;
import static org.dabba.delivery.MatchingTest.LAT;
import static org.dabba.delivery.MatchingTest.LONG;
import static org.dabba.delivery.MatchingTest.accept;
import static org.dabba.delivery.MatchingTest.offerOf;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.dabba.testing.Api;
import org.dabba.testing.OrderEvents;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.OutageRedis;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * Redis lost mid-round (shut down without saving: every round, offer and courier forgotten), and an order
 * confirmed while it is away (its matching step fails after its retries: the event is parked). Nothing is lost: once
 * Redis is back, the dispatch sweep finds both orders in PostgreSQL, matching starts again, and couriers take them.
 * Runs on a Redis the other tests do not use ({@link OutageRedis}, shared with the cart outage test).
 */
@QuarkusTest
@WithTestResource(OutageRedis.class)
class DispatchRedisOutageTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    CamelContext camel;

    @Test
    void matchingLostWithRedisIsFoundAgainAndBothOrdersAreDispatched() throws Exception {
        OrderEvents.listen(camel);
        PlacedOrder midRound = Orders.paid();
        PlacedOrder confirmedMeanwhile = Orders.paid();
        accept(midRound);
        await().atMost(WAIT).until(() -> !"$-1".equals(
                OutageRedis.command("ZSCORE", "dabba:delivery:rounds", midRound.orderId())));

        OutageRedis.command("SHUTDOWN", "NOSAVE");
        try {
            accept(confirmedMeanwhile);
            OrderEvents.await(confirmedMeanwhile.orderId(), "org.dabba.order.restaurant.confirmed");
            Thread.sleep(2_500); // the matching step has run, and failed, meanwhile; rounds were not checked
        } finally {
            OutageRedis.startServer();
        }

        // Couriers come back online (their state went with Redis too).
        String first = Api.newUser("COURIER");
        String second = Api.newUser("COURIER");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).untilAsserted(() ->
                as(first).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then()
                        .statusCode(200));
        as(second).body(Map.of("status", "AVAILABLE")).put("/couriers/me/availability").then().statusCode(200);
        // Listening before they have a position: an offer is pushed once, to the sockets open when it is made.
        try (Client a = Sockets.connect("/ws/couriers/me", first);
                Client b = Sockets.connect("/ws/couriers/me", second)) {
            Couriers.at(first, Couriers.north(LAT, 0.5), LONG);
            Couriers.at(second, Couriers.north(LAT, 0.6), LONG);
            a.next(offerOf(midRound.orderId()), WAIT);
            as(first).post("/deliveries/{o}/accept", midRound.orderId()).then().statusCode(200);
            b.next(offerOf(confirmedMeanwhile.orderId()), WAIT);
            as(second).post("/deliveries/{o}/accept", confirmedMeanwhile.orderId()).then().statusCode(200);
        }
        for (PlacedOrder o : new PlacedOrder[] { midRound, confirmedMeanwhile }) {
            OrderEvents.await(o.orderId(), "org.dabba.order.deliverypartner.assigned");
            as(o.customerToken()).get("/orders/{o}/status", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("ACCEPTED"));
        }
        as(first).get("/couriers/me/delivery").then().statusCode(200).body("orderId", equalTo(midRound.orderId()));
        as(second).get("/couriers/me/delivery").then().statusCode(200)
                .body("orderId", equalTo(confirmedMeanwhile.orderId()));
    }
}
