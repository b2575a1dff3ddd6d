package org.dabba.platform.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The one failure path of event consumers, with a consumer of the test's own wired like the real ones: bounded
 * retries, then one parked row per event; replay through the consumer's entry (once), replay of all a consumer's,
 * discard, and the admin API's refusals.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class DeadLetterTest {

    /** Metrics are on the management interface, not the public port. */
    @TestHTTPResource(value = "/metrics", management = true)
    java.net.URL metrics;

    static final String PROBE = "test-dead-letter-probe";
    static final String SOURCE = "seda:dead-letter-probe";
    /** Events whose subject is here fail; the probe's effect is a count per event id, applied once. */
    static final Set<String> FAILING = ConcurrentHashMap.newKeySet();
    static final Map<String, Integer> EFFECTS = new ConcurrentHashMap<>();
    static final Duration WAIT = Duration.ofSeconds(15);
    /** The same probe on 4 lanes: what it handled, per subject in the order handled, and on which threads. */
    static final String LANED = "test-dead-letter-lanes";
    static final String LANED_SOURCE = "seda:dead-letter-lanes";
    static final Map<String, List<Integer>> HANDLED = new ConcurrentHashMap<>();
    static final Set<String> LANE_THREADS = ConcurrentHashMap.newKeySet();

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @Inject
    CloudEvents cloudEvents;

    @BeforeEach
    synchronized void probe() throws Exception {
        if (camel.getRoute(PROBE) != null) {
            return;
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(SOURCE).routeId(PROBE).routeConfigurationId(DeadLetters.CONSUMERS)
                        .to(DeadLetters.entry(PROBE));
                from(DeadLetters.entry(PROBE)).routeId(DeadLetters.entryRouteId(PROBE))
                        .routeConfigurationId(DeadLetters.ENTRIES)
                        .bean(cloudEvents, "read")
                        .process(e -> {
                            CloudEvent event = e.getMessage().getBody(CloudEvent.class);
                            if (FAILING.contains(event.subject())) {
                                throw new IllegalStateException("probe refuses " + event.subject());
                            }
                            EFFECTS.putIfAbsent(event.id(), 1);
                        });
                DeadLetters.consumer(this, LANED, LANED_SOURCE, 4)
                        .process(e -> {
                            CloudEvent event = e.getMessage().getBody(CloudEvent.class);
                            if (FAILING.contains(event.subject())) {
                                throw new IllegalStateException("probe refuses " + event.subject());
                            }
                            if (EFFECTS.putIfAbsent(event.id(), 1) == null) {
                                HANDLED.computeIfAbsent(event.subject(), s -> new CopyOnWriteArrayList<>())
                                        .add(event.data().path("seq").asInt());
                                LANE_THREADS.add(Thread.currentThread().getName());
                            }
                        });
            }
        });
    }

    /** Sends event {@code seq} of aggregate {@code subject} to the laned probe, keyed as the relay keys it. */
    void toLanes(String eventId, String subject, int seq) {
        producer.sendBodyAndHeader(LANED_SOURCE, "{\"specversion\":\"1.0\",\"id\":\"" + eventId
                + "\",\"source\":\"/test\",\"type\":\"probe.happened\",\"subject\":\"" + subject
                + "\",\"data\":{\"seq\":" + seq + "}}", KafkaConstants.KEY, subject);
    }

    static String event(String id, String subject) {
        return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/test\",\"type\":\"probe.happened\","
                + "\"subject\":\"" + subject + "\",\"data\":{\"amount\":550.00}}";
    }

    /** Sends an event that fails and waits until it is parked: @return its dead letter's id. */
    String parked(String eventId, String subject) {
        FAILING.add(subject);
        producer.sendBody(SOURCE, event(eventId, subject));
        await().atMost(WAIT).until(() -> row(eventId) != null);
        return row(eventId).id.toString();
    }

    static DeadLetter row(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>find(
                "consumer = ?1 and eventId = ?2 order by createdAt desc", PROBE, eventId).firstResult());
    }

    @Test
    void aConsumerThatKeepsFailingParksTheEventAfterItsBoundedRetries() {
        String eventId = UUID.randomUUID().toString();
        String subject = "always-" + eventId;
        String id = parked(eventId, subject);

        DeadLetter row = row(eventId);
        assertEquals(PROBE, row.consumer);
        assertEquals("probe.happened", row.eventType);
        assertEquals(subject, row.subject);
        assertEquals(4, row.attempts, "the first try and 3 retries (%test)");
        assertEquals(DeadLetter.Status.PARKED, row.status);
        assertEquals("java.lang.IllegalStateException: probe refuses " + subject, row.error);
        assertEquals(event(eventId, subject), row.payload, "kept as received");
        assertEquals(null, EFFECTS.get(eventId));

        // The same event delivered again and failing again: the parked row counts the tries, no second row.
        producer.sendBody(SOURCE, event(eventId, subject));
        await().atMost(WAIT).until(() -> row(eventId).attempts == 8);
        assertEquals(1L, QuarkusTransaction.requiringNew().call(() -> DeadLetter.count("eventId", eventId)));

        as(Api.adminToken()).get("/admin/dead-letters?consumer={c}&status=PARKED&size=100", PROBE)
                .then().statusCode(200)
                .body("items.find { it.id == '" + id + "' }.eventId", equalTo(eventId))
                .body("items.find { it.id == '" + id + "' }.attempts", equalTo(8))
                .body("items.find { it.id == '" + id + "' }.event.data.amount", equalTo(550.00f))
                .body("total", greaterThanOrEqualTo(1));
    }

    @Test
    void aReplayRunsTheEventThroughItsConsumerOnce() {
        String eventId = UUID.randomUUID().toString();
        String subject = "flaky-" + eventId;
        String id = parked(eventId, subject);
        String admin = Api.adminToken();

        // Still failing: stays parked, one more attempt, the error named.
        as(admin).post("/admin/dead-letters/{id}/replay", id).then().statusCode(502)
                .contentType("application/problem+json")
                .body("type", containsString("dead-letter-replay-failed"))
                .body("error", equalTo("java.lang.IllegalStateException: probe refuses " + subject));
        assertEquals(5, row(eventId).attempts);
        assertEquals(DeadLetter.Status.PARKED, row(eventId).status);

        FAILING.remove(subject);
        as(admin).post("/admin/dead-letters/{id}/replay", id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("status", equalTo("REPLAYED"))
                .body("replayedAt", notNullValue());
        assertEquals(1, EFFECTS.get(eventId));

        // Twice is once.
        as(admin).post("/admin/dead-letters/{id}/replay", id).then().statusCode(409)
                .contentType("application/problem+json")
                .body("deadLetterStatus", equalTo("REPLAYED"));
        assertEquals(1, EFFECTS.get(eventId));
        assertEquals(DeadLetter.Status.REPLAYED, row(eventId).status);
    }

    @Test
    void replayingAllOfAConsumerReplaysItsParkedEvents() {
        String first = UUID.randomUUID().toString();
        String second = UUID.randomUUID().toString();
        String subject = "batch-" + first;
        parked(first, subject);
        parked(second, subject);
        FAILING.remove(subject);

        as(Api.adminToken()).post("/admin/dead-letters/replay?consumer={c}", PROBE).then().statusCode(200)
                .body("consumer", equalTo(PROBE))
                .body("replayed", greaterThanOrEqualTo(2));
        for (String eventId : List.of(first, second)) {
            assertEquals(DeadLetter.Status.REPLAYED, row(eventId).status);
            assertEquals(1, EFFECTS.get(eventId));
        }
        as(Api.adminToken()).post("/admin/dead-letters/replay").then().statusCode(400)
                .body("errors[0].field", equalTo("consumer"));
    }

    @Test
    void aDiscardedDeadLetterIsNeverReplayed() {
        String eventId = UUID.randomUUID().toString();
        String subject = "discarded-" + eventId;
        String id = parked(eventId, subject);
        String admin = Api.adminToken();

        as(admin).delete("/admin/dead-letters/{id}", id).then().statusCode(204);
        DeadLetter row = row(eventId);
        assertEquals(DeadLetter.Status.DISCARDED, row.status);
        assertNotNull(row.discardedAt);

        FAILING.remove(subject);
        as(admin).post("/admin/dead-letters/{id}/replay", id).then().statusCode(409).body("deadLetterStatus", equalTo("DISCARDED"));
        as(admin).delete("/admin/dead-letters/{id}", id).then().statusCode(409).body("deadLetterStatus", equalTo("DISCARDED"));
        assertEquals(null, EFFECTS.get(eventId));

        as(admin).get("/admin/dead-letters?consumer={c}&status=discarded", PROBE).then().statusCode(200)
                .body("items.id", org.hamcrest.Matchers.hasItem(id));
    }

    @Test
    void theListIsNewestFirstAndPaged() {
        String older = parked(UUID.randomUUID().toString(), "list-" + UUID.randomUUID());
        String newer = parked(UUID.randomUUID().toString(), "list-" + UUID.randomUUID());
        List<String> ids = as(Api.adminToken()).get("/admin/dead-letters?consumer={c}&size=100", PROBE)
                .then().statusCode(200).extract().path("items.id");
        assertTrue(ids.indexOf(newer) < ids.indexOf(older), ids.toString());
        as(Api.adminToken()).get("/admin/dead-letters?size=1&page=0").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("size", equalTo(1)).body("page", equalTo(0));
        List<Instant> times = as(Api.adminToken()).get("/admin/dead-letters?size=100").then().statusCode(200)
                .extract().jsonPath().getList("items.createdAt", String.class).stream().map(Instant::parse).toList();
        for (int i = 1; i < times.size(); i++) {
            assertTrue(!times.get(i).isAfter(times.get(i - 1)), times.toString());
        }
    }

    @Test
    void onlyAdminsTouchDeadLettersAndBadInputIsAProblem() {
        String id = parked(UUID.randomUUID().toString(), "guarded-" + UUID.randomUUID());
        String customer = Api.newUser("CUSTOMER");
        given().get("/admin/dead-letters").then().statusCode(401);
        given().post("/admin/dead-letters/{id}/replay", id).then().statusCode(401);
        as(customer).get("/admin/dead-letters").then().statusCode(403);
        as(customer).post("/admin/dead-letters/{id}/replay", id).then().statusCode(403);
        as(customer).post("/admin/dead-letters/replay?consumer={c}", PROBE).then().statusCode(403);
        as(customer).delete("/admin/dead-letters/{id}", id).then().statusCode(403);
        assertEquals(DeadLetter.Status.PARKED, QuarkusTransaction.requiringNew()
                .call(() -> DeadLetter.<DeadLetter>findById(UUID.fromString(id)).status));

        String admin = Api.adminToken();
        String unknown = UUID.randomUUID().toString();
        as(admin).post("/admin/dead-letters/{id}/replay", unknown).then().statusCode(404)
                .contentType("application/problem+json");
        as(admin).delete("/admin/dead-letters/{id}", unknown).then().statusCode(404);
        as(admin).post("/admin/dead-letters/{id}/replay", "not-a-uuid").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo("id"));
        as(admin).delete("/admin/dead-letters/{id}", "42").then().statusCode(400);
        as(admin).get("/admin/dead-letters?status=LOST").then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as(admin).get("/admin/dead-letters?size=0").then().statusCode(400);
    }

    @Test
    void aConsumerOnLanesKeepsEachAggregatesEventsInOrderAndParksInItsOwnName() {
        List<String> subjects = java.util.stream.IntStream.range(0, 40)
                .mapToObj(i -> "lanes-" + UUID.randomUUID()).toList();
        // Interleaved as many aggregates' events arrive: 10 events of each of 40 aggregates.
        for (int seq = 0; seq < 10; seq++) {
            for (String subject : subjects) {
                toLanes(UUID.randomUUID().toString(), subject, seq);
            }
        }
        List<Integer> inOrder = java.util.stream.IntStream.range(0, 10).boxed().toList();
        await().atMost(WAIT).until(() -> subjects.stream()
                .allMatch(s -> HANDLED.getOrDefault(s, List.of()).size() == inOrder.size()));
        subjects.forEach(s -> assertEquals(inOrder, HANDLED.get(s), "events of " + s + " in the order sent"));
        assertTrue(LANE_THREADS.size() > 1, "aggregates spread over the lanes: " + LANE_THREADS);

        // A failing event on a lane is parked in the consumer's name, the lane goes on, a replay runs it once.
        String subject = "lanes-failing-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        FAILING.add(subject);
        toLanes(eventId, subject, 0);
        DeadLetter parked = await().atMost(WAIT).until(() -> QuarkusTransaction.requiringNew().call(() -> DeadLetter
                .<DeadLetter>find("eventId", eventId).firstResult()), java.util.Objects::nonNull);
        assertEquals(LANED, parked.consumer);
        assertEquals(4, parked.attempts, "the first try and 3 retries (%test)");
        FAILING.remove(subject);
        toLanes(UUID.randomUUID().toString(), subject, 1);
        await().atMost(WAIT).until(() -> HANDLED.getOrDefault(subject, List.of()).equals(List.of(1)));
        as(Api.adminToken()).post("/admin/dead-letters/{id}/replay", parked.id).then().statusCode(200)
                .body("status", equalTo("REPLAYED"));
        assertEquals(List.of(1, 0), HANDLED.get(subject));
    }

    @Test
    void parkedEventsAreAGaugePerConsumer() {
        parked(UUID.randomUUID().toString(), "gauge-" + UUID.randomUUID());
        given().get(metrics).then().statusCode(200)
                .body(containsString("dabba_dead_letters_parked_events{consumer=\"" + PROBE + "\"}"));
    }
}
