package org.dabba.platform.events;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The relay under faults, on a stream of the test's own ({@code probe}, published to {@code direct:outbox-probe}):
 * an event that cannot be published is retried, then parked in the dead letters without stalling the events behind
 * it, and one aggregate's events leave in the order they were written even with two relays draining at once.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OutboxFaultsTest {

    /** What the probe stream received: subject and the event's number, in arrival order. */
    static final List<String[]> RECEIVED = new CopyOnWriteArrayList<>();
    /** While set, an event whose data says poison cannot be published. */
    static final AtomicBoolean POISONED = new AtomicBoolean(true);

    @Inject
    CamelContext camel;

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void probe() throws Exception {
        if (camel.getRoute("test-outbox-probe") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:outbox-probe").routeId("test-outbox-probe").process(e -> {
                        JsonNode event = mapper.readTree(e.getMessage().getBody(String.class));
                        if (POISONED.get() && event.path("data").path("poison").asBoolean()) {
                            throw new IllegalStateException("this event cannot be published");
                        }
                        Thread.sleep(1); // long enough for two relays to overlap
                        RECEIVED.add(new String[] {event.path("subject").asText(),
                                event.path("data").path("n").asText()});
                    });
                }
            });
        }
    }

    private List<String> numbersOf(UUID aggregate) {
        return RECEIVED.stream().filter(r -> r[0].equals(aggregate.toString())).map(r -> r[1]).toList();
    }

    private static long unsent(List<UUID> aggregates) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.count(
                "aggregateId in ?1 and sentAt is null and parkedAt is null", aggregates));
    }

    @Test
    void anEventThatCannotBePublishedIsParkedAndTheOthersGoOn() {
        UUID stuck = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String poisonId = QuarkusTransaction.requiringNew().call(() -> {
            outbox.publish("probe", stuck, "probe.happened", Map.of("n", 1));
            String id = outbox.publish("probe", stuck, "probe.happened", Map.of("n", 2, "poison", true)).id();
            outbox.publish("probe", stuck, "probe.happened", Map.of("n", 3));
            outbox.publish("probe", other, "probe.happened", Map.of("n", 1));
            return id;
        });

        // The other aggregate is not held up; the stuck one's later event waits for the failing one, then goes on
        // once it is parked (3 attempts in tests).
        await().atMost(Duration.ofSeconds(15)).until(() -> numbersOf(stuck).size() == 2);
        assertEquals(List.of("1"), numbersOf(other));
        assertEquals(List.of("1", "3"), numbersOf(stuck));
        OutboxEvent parked = QuarkusTransaction.requiringNew().call(() -> OutboxEvent.findById(UUID.fromString(poisonId)));
        assertNotNull(parked.parkedAt);
        assertEquals(3, parked.attempts);
        assertTrue(parked.lastError.contains("cannot be published"), parked.lastError);

        String admin = Api.adminToken();
        String letter = as(admin).get("/admin/dead-letters?consumer=outbox-relay&status=PARKED").then().statusCode(200)
                .extract().jsonPath().getList("items.findAll { it.eventId == '" + poisonId + "' }.id", String.class)
                .get(0);

        // A replay puts it back in the queue; it leaves once it can.
        POISONED.set(false);
        try {
            as(admin).post("/admin/dead-letters/{id}/replay", letter).then().statusCode(200)
                    .body("status", equalTo("REPLAYED"));
            await().atMost(Duration.ofSeconds(10)).until(() -> numbersOf(stuck).size() == 3);
            assertEquals(List.of("1", "3", "2"), numbersOf(stuck));
            as(admin).post("/admin/dead-letters/{id}/replay", letter).then().statusCode(409);
        } finally {
            POISONED.set(true);
        }
    }

    @Test
    void oneAggregatesEventsLeaveInOrderWithTwoRelaysDrainingAtOnce() throws Exception {
        List<UUID> aggregates = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            aggregates.add(UUID.randomUUID());
        }
        camel.getRouteController().stopRoute("outbox-relay"); // no relay but the two below
        try {
            for (int batch = 0; batch < 6; batch++) {
                int first = batch * 50;
                QuarkusTransaction.requiringNew().run(() -> {
                    for (int n = first; n < first + 50; n++) {
                        outbox.publish("probe", aggregates.get(n % aggregates.size()), "probe.happened",
                                Map.of("n", n));
                    }
                });
            }
            CompletableFuture<?>[] relays = new CompletableFuture<?>[2];
            for (int r = 0; r < relays.length; r++) {
                relays[r] = CompletableFuture.runAsync(() -> {
                    while (unsent(aggregates) > 0) {
                        relay.relayBatch();
                    }
                });
            }
            CompletableFuture.allOf(relays).get();
        } finally {
            camel.getRouteController().startRoute("outbox-relay");
        }
        for (UUID aggregate : aggregates) {
            List<Integer> numbers = numbersOf(aggregate).stream().map(Integer::valueOf).toList();
            assertEquals(50, numbers.size(), "events of " + aggregate);
            assertEquals(numbers.stream().sorted().toList(), numbers, "the order of " + aggregate + "'s events");
        }
    }
}
