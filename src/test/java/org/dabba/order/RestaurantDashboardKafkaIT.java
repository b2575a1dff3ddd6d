package org.dabba.order;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.dabba.testing.Api;
import org.dabba.testing.AppInstance;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.dabba.testing.TwoInstances;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app instances behind one Kafka broker, as behind a load balancer ({@link TwoInstances}: A is this test's
 * app, B the packaged jar in a JVM of its own). A dashboard connected to B receives the order paid through A (and
 * one on A too): each instance reads the order events with a consumer group of its own and pushes to its own
 * sockets.
 */
@QuarkusTest
@TestProfile(RestaurantDashboardKafkaIT.InstanceA.class)
class RestaurantDashboardKafkaIT {

    static final TwoInstances INSTANCES = new TwoInstances("dashboard-it", "dabba_dashboard_it", "dashboard-it-admin");
    static final Duration WAIT = Duration.ofSeconds(60);

    public static class InstanceA implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return INSTANCES.instanceA();
        }
    }

    static AppInstance instanceB;

    @BeforeAll
    static void startInstanceB() {
        instanceB = INSTANCES.startB(Map.of());
    }

    @AfterAll
    static void stopInstanceB() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    /**
     * Waits until the instance's dashboard consumer has its position on the order topic, i.e. has committed an
     * offset there. It reads from the newest events on ({@code autoOffsetReset=latest}): an event published before
     * would be skipped; one published after is read, whatever the timing.
     */
    static void awaitReading(String instance) {
        String group = "dabba-dashboard-" + INSTANCES.instanceId(instance);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TwoInstances.kafka()))) {
            await("consumer group " + group + " positioned on " + TwoInstances.ORDER_TOPIC).atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                            .keySet().stream().anyMatch(p -> p.topic().equals(TwoInstances.ORDER_TOPIC)));
        }
    }

    @Test
    void aDashboardOnInstanceBReceivesAnOrderPaidThroughInstanceA() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String restaurant = Api.register(owner);
        as(INSTANCES.adminToken()).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", restaurant).then().statusCode(200);
        Api.switchStatus(owner, restaurant, "ONLINE");
        String item = Api.dish(owner, restaurant, "Paneer Tikka", "250.00");
        String path = "/ws/restaurants/" + restaurant + "/orders";

        // B checks the handshake against the shared database and token keys like A does.
        Sockets.HandshakeRefused refused = assertThrows(Sockets.HandshakeRefused.class,
                () -> Sockets.connect(instanceB.webSocketBase(), path, Api.newUser("RESTAURANT_OWNER")));
        assertEquals(403, refused.status);

        awaitReading("a");
        awaitReading("b");
        try (Client onB = Sockets.connect(instanceB.webSocketBase(), path, owner);
                Client onA = Sockets.connect(path, owner)) {
            assertEquals("snapshot", onB.next(WAIT).path("type").asText());
            assertEquals("snapshot", onA.next(WAIT).path("type").asText());

            PlacedOrder order = Orders.placed(owner, restaurant, item);
            Orders.pay(order.paymentIntentId());

            for (Client dashboard : List.of(onB, onA)) {
                JsonNode pushed = dashboard.next("order.new", WAIT).path("order");
                assertEquals(order.orderId(), pushed.path("orderId").asText());
                assertEquals("PENDING_RESTAURANT_ACCEPTANCE", pushed.path("status").asText());
                assertEquals("Less spicy", pushed.path("items").get(0).path("specialInstructions").asText());
            }
        }
    }
}
