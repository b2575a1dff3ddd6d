package org.dabba.platform;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.OutboxEvent;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events leave through the outbox, as CloudEvents, and none is lost between a commit and the queue. */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OutboxTest {

    static final List<String> RECEIVED = new CopyOnWriteArrayList<>();

    @Inject
    CamelContext camel;

    @Inject
    ObjectMapper mapper;

    @BeforeEach
    void listen() throws Exception {
        if (camel.getRoute("test-event-recorder") == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:restaurant-events-tests").routeId("test-event-recorder")
                            .process(e -> RECEIVED.add(e.getMessage().getBody(String.class)));
                }
            });
        }
    }

    private List<JsonNode> receivedFor(String restaurantId) {
        return RECEIVED.stream().map(this::parse).filter(e -> e.path("subject").asText().equals(restaurantId))
                .toList();
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void eachChangePublishesOneCloudEventInOrder() {
        String[] active = Api.activeRestaurant();
        String id = active[1];
        as(active[0]).body(Map.of("status", "ONLINE")).patch("/restaurants/{id}/status", id).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).until(() -> receivedFor(id).size() == 3);
        List<JsonNode> events = receivedFor(id);
        assertEquals(List.of("org.dabba.restaurant.registered", "org.dabba.restaurant.verified",
                "org.dabba.restaurant.status.changed"),
                events.stream().map(e -> e.path("type").asText()).toList());
        JsonNode online = events.get(2);
        assertEquals("1.0", online.path("specversion").asText());
        assertEquals("/dabba/restaurant", online.path("source").asText());
        assertEquals(id, online.path("subject").asText());
        assertEquals("application/json", online.path("datacontenttype").asText());
        assertEquals("urn:dabba:events:org.dabba.restaurant.status.changed:v1", online.path("dataschema").asText());
        assertEquals("ONLINE", online.path("data").path("operationalStatus").asText());
        assertEquals(3, events.stream().map(e -> e.path("id").asText()).distinct().count());
    }

    @Test
    void eventsCommittedWhileTheRelayIsDownAreSentWhenItIsBack() throws Exception {
        camel.getRouteController().stopRoute("outbox-relay");
        String id;
        try {
            id = Api.register(Api.newUser("RESTAURANT_OWNER"));
            Thread.sleep(600);
            OutboxEvent waiting = QuarkusTransaction.requiringNew().call(() ->
                    OutboxEvent.<OutboxEvent>find("aggregateId = ?1", java.util.UUID.fromString(id)).firstResult());
            assertEquals("org.dabba.restaurant.registered", waiting.type);
            assertNull(waiting.sentAt);
            assertEquals(0, receivedFor(id).size());
        } finally {
            camel.getRouteController().startRoute("outbox-relay");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> receivedFor(id).size() == 1);
    }

    @Test
    void theOwnerIsNotifiedOfTheDecisionOnce() {
        String owner = Api.newUser("RESTAURANT_OWNER");
        String approved = Api.register(owner);
        String rejected = Api.register(owner);
        Api.approve(approved);
        as(Api.adminToken()).body(Map.of("decision", "REJECT", "reason", "Blurry licence"))
                .post("/admin/restaurants/{id}/verification", rejected).then().statusCode(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(owner).get("/notifications")
                .then().statusCode(200).body("total", equalTo(2)));
        as(owner).get("/notifications")
                .then()
                .body("items[0].type", equalTo("restaurant.rejected"))
                .body("items[0].subjectId", equalTo(rejected))
                .body("items[1].type", equalTo("restaurant.verified"))
                .body("items.title", hasItem("Your restaurant is approved"));
        as(Api.newUser("RESTAURANT_OWNER")).get("/notifications").then().body("total", equalTo(0));
    }
}
