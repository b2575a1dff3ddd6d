package org.dabba.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;
import org.dabba.testing.Api;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.RecordedSpans;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.dabba.testing.TwoInstances;
import org.junit.jupiter.api.Test;

/**
 * The prod profile on a real Kafka broker: the trace crosses the topic once, by Camel's own propagation (the record's
 * {@code traceparent} header), so the dashboard's push still descends from the relay of the paid event.
 */
@QuarkusTest
@TestProfile(TracingKafkaIT.Traced.class)
class TracingKafkaIT {

    static final TwoInstances INSTANCES = new TwoInstances("tracing-it", "dabba_tracing_it", "tracing-it-admin");
    static final Duration WAIT = Duration.ofSeconds(60);

    public static class Traced implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "prod";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(INSTANCES.instanceA());
            // As with a collector configured: the spans go to the suite's in-memory exporter.
            config.put("quarkus.otel.sdk.disabled", "false");
            return config;
        }
    }

    @Inject
    RecordedSpans spans;

    @Test
    void thePaidEventsTraceCrossesKafkaToTheDashboardPush() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String restaurant = Api.register(owner);
        Api.as(INSTANCES.adminToken()).body(Map.of("decision", "APPROVE"))
                .post("/admin/restaurants/{id}/verification", restaurant).then().statusCode(200);
        Api.switchStatus(owner, restaurant, "ONLINE");
        String item = Api.dish(owner, restaurant, "Paneer Tikka", "250.00");
        String group = "dabba-dashboard-" + INSTANCES.instanceId("a");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TwoInstances.kafka()))) {
            Awaitility.await("the dashboard consumer reads the order topic").atMost(WAIT)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                            .keySet().stream().anyMatch(p -> p.topic().equals(TwoInstances.ORDER_TOPIC)));
        }
        try (Client board = Sockets.connect("/ws/restaurants/" + restaurant + "/orders", owner)) {
            board.next(WAIT); // the snapshot
            PlacedOrder order = Orders.placed(owner, restaurant, item);
            Orders.pay(order.paymentIntentId());
            JsonNode pushed = board.next("order.new", WAIT);
            assertEquals(order.orderId(), pushed.path("order").path("orderId").asText());

            String name = "push org.dabba.order.payment.success to restaurant dashboard";
            Awaitility.await("the push's span").atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() ->
                    spans.all().stream().anyMatch(s -> s.getName().equals(name)
                            && s.getAttributes().asMap().toString().contains(restaurant)));
            SpanData push = spans.all().stream().filter(s -> s.getName().equals(name)
                    && s.getAttributes().asMap().toString().contains(restaurant)).findFirst().orElseThrow();
            List<SpanData> trace = spans.trace(push.getTraceId());
            List<SpanData> chain = TracingTest.ancestors(trace, push);
            String dump = TracingTest.names(chain) + "\n" + TracingTest.dump(trace);
            assertTrue(chain.stream().anyMatch(s -> s.getName().equals("relay org.dabba.order.payment.success")),
                    "the push descends from the relay: " + dump);
            assertTrue(chain.stream().anyMatch(s -> s.getName().equals("payment payment_intent.succeeded")),
                    "and from the webhook's processing: " + dump);
            assertTrue(chain.stream().anyMatch(s -> String.valueOf(s.getAttributes().asMap()).contains("camel-kafka")),
                    "through Kafka: " + dump);
        }
    }
}
