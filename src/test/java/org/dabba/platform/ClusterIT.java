package org.dabba.platform;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.RestAssured;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.dabba.delivery.Couriers;
import org.dabba.testing.Api;
import org.dabba.testing.Cluster;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Three instances behind a round-robin proxy ({@link Cluster}), one of them killed in the middle of an order: what an
 * operator expects of a crash. The restaurant's dashboard, the customer's order page and the courier's app each hold
 * a socket through the proxy on a different instance; the instance holding the socket of the courier offered the
 * order first is SIGKILLed while that offer is open. That socket reconnects through the proxy to a survivor; the
 * next offer round is run by a survivor and reaches a second courier, who delivers the order; a second order, refused by its restaurant after payment, is
 * refunded once; and the database shows every outbox event relayed, one courier assigned, no event applied twice.
 */
class ClusterIT {

    static final String ADMIN_PASSWORD = "cluster-it-admin";
    static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Work a shared consumer group held on the killed instance waits for the broker to notice it gone (the session
     * timeout, 10 s on the cluster's instances) and hand its partitions to a survivor; the wait allows for a slow CI.
     */
    static final Duration REBALANCE = Duration.ofSeconds(120);
    static final double LAT = 17.3850;
    static final double LONG = 78.4867;

    static Cluster cluster;

    @BeforeAll
    static void start() {
        // One courier per round and a short window, so that the round after the crash is a survivor's to run.
        cluster = new Cluster("cluster-it", "dabba_cluster_it", ADMIN_PASSWORD).start(Map.of(
                "dabba.delivery.offers-per-round", "1", "dabba.delivery.offer-window", "PT5S"));
        RestAssured.baseURI = "http://127.0.0.1";
        RestAssured.port = cluster.port();
        Api.adminPassword(ADMIN_PASSWORD);
    }

    @AfterAll
    static void stop() {
        RestAssured.reset();
        Api.adminPassword(Api.DEFAULT_ADMIN_PASSWORD);
        if (cluster != null) {
            cluster.close();
        }
    }

    static Predicate<JsonNode> of(String type, String orderId) {
        return m -> m.path("type").asText().equals(type) && m.path("orderId").asText().equals(orderId);
    }

    static Predicate<JsonNode> status(String status) {
        return m -> m.path("type").asText().equals("order.status") && m.path("status").asText().equals(status);
    }

    @Test
    void anOrderSurvivesTheCrashOfTheInstanceHoldingItsCourier() throws Exception {
        String[] restaurant = Api.onlineRestaurant();
        String owner = restaurant[0];
        String restaurantId = restaurant[1];
        String dish = Api.dish(owner, restaurantId, "Paneer Tikka", "250.00");
        String first = Couriers.available(Couriers.north(LAT, 0.4), LONG);
        String courier = Couriers.available(Couriers.north(LAT, 0.8), LONG);
        PlacedOrder o = Orders.placed(owner, restaurantId, dish);

        String dashboardPath = "/ws/restaurants/" + restaurantId + "/orders";
        String orderPath = "/ws/orders/" + o.orderId();
        String courierPath = "/ws/couriers/me";
        Client dashboard = Sockets.connect(cluster.webSocketBase(), dashboardPath, owner);
        Client customer = Sockets.connect(cluster.webSocketBase(), orderPath, o.customerToken());
        Client firstApp = Sockets.connect(cluster.webSocketBase(), courierPath, first);
        String firstOn = cluster.socketUpstream(courierPath);
        Client courierApp = Sockets.connect(cluster.webSocketBase(), courierPath, courier);
        String courierOn = cluster.socketUpstream(courierPath);
        try {
            dashboard.next("snapshot", WAIT);
            customer.next("order.status", WAIT);
            Set<String> landed = new HashSet<>(List.of(cluster.socketUpstream(dashboardPath),
                    cluster.socketUpstream(orderPath), firstOn));
            assertEquals(Set.of("a", "b", "c"), landed, "each socket on an instance of its own");
            assertNotEquals(firstOn, courierOn, "the two couriers on different instances");

            // Paid through the sandbox (its intents are in the shared database, whichever instance answers).
            Orders.pay(o.paymentIntentId());
            dashboard.next(of("order.new", o.orderId()).or(m -> m.path("type").asText().equals("order.new")), WAIT);
            customer.next(status("PENDING_RESTAURANT_ACCEPTANCE"), WAIT);

            as(owner).post("/restaurants/{r}/orders/{o}/accept", restaurantId, o.orderId()).then().statusCode(200);
            firstApp.next(of("offer", o.orderId()), WAIT);

            // The first courier's instance dies with the offer round open; the first courier lets the offer lapse.
            String killed = firstOn;
            Couriers.at(courier, Couriers.north(LAT, 0.8), LONG);
            cluster.crash(killed);
            await().atMost(WAIT).until(firstApp::isClosed);
            firstApp = Sockets.connect(cluster.webSocketBase(), courierPath, first);
            assertNotEquals(killed, cluster.socketUpstream(courierPath), "the courier's app reconnected to a survivor");
            for (String path : List.of(dashboardPath, orderPath)) {
                assertNotEquals(killed, cluster.socketUpstream(path));
            }

            // The next round is run by a survivor: the offer reaches the second courier, who takes it.
            courierApp.next(of("offer", o.orderId()), WAIT);
            as(courier).post("/deliveries/{o}/accept", o.orderId()).then().statusCode(200)
                    .body("orderId", equalTo(o.orderId()));
            as(owner).post("/restaurants/{r}/orders/{o}/ready", restaurantId, o.orderId()).then().statusCode(200);
            as(courier).post("/deliveries/{o}/pickup", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("OUT_FOR_DELIVERY"));
            customer.next(status("OUT_FOR_DELIVERY"), WAIT);
            as(courier).post("/deliveries/{o}/deliver", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("DELIVERED"));
            customer.next(status("DELIVERED"), WAIT);

            // A second order, paid, then refused by the restaurant: its refund is due.
            PlacedOrder refused = Orders.placed(owner, restaurantId, dish);
            Orders.pay(refused.paymentIntentId());
            Orders.awaitStatus(refused.customerToken(), refused.orderId(), "PENDING_RESTAURANT_ACCEPTANCE");
            as(owner).body(Map.of("reason", "Out of paneer"))
                    .post("/restaurants/{r}/orders/{o}/reject", restaurantId, refused.orderId()).then().statusCode(200);

            try (Connection db = cluster.database()) {
                await().atMost(REBALANCE).untilAsserted(() ->
                        assertEquals(0, count(db, "select count(*) from outbox_events where sent_at is null"),
                                "every outbox event relayed"));
                assertEquals(1, count(db, "select count(*) from outbox_events where aggregate_id = ?::uuid"
                        + " and type like '%assigned%'", o.orderId()), "one courier assigned, once");
                assertEquals(1, count(db, "select count(*) from orders where id = ?::uuid and courier_id is not null",
                        o.orderId()));
                await().atMost(REBALANCE).untilAsserted(() -> assertEquals(1, count(db,
                        "select count(*) from sandbox_refunds where payment_intent = ?", refused.paymentIntentId()),
                        "one refund at the payment provider"));
                // consumed_events cannot hold a row twice (its key): what shows an event applied twice is its effect
                // twice, e.g. a payment webhook redelivered after the crash moving the order into a status again.
                // Only moves count: a note (a courier assigned, a refund settled) is a row from a status to itself.
                for (String order : List.of(o.orderId(), refused.orderId())) {
                    assertEquals(0, count(db, "select count(*) from (select 1 from order_status_history"
                            + " where order_id = ?::uuid and from_status is distinct from to_status"
                            + " group by to_status having count(*) > 1) twice",
                            order), "order " + order + " entered no status twice");
                }
            }
        } finally {
            dashboard.close();
            customer.close();
            courierApp.close();
            firstApp.close();
        }
    }

    static long count(Connection db, String sql, String... params) throws Exception {
        try (PreparedStatement query = db.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                query.setString(i + 1, params[i]);
            }
            try (ResultSet r = query.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }
}
