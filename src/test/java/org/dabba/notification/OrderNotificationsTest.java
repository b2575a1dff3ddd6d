package org.dabba.notification;

import static org.awaitility.Awaitility.await;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.Outbox;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The customer's side of an order: the notifications order events write (GET /notifications, once, only for the
 * customer), the live socket /ws/orders/{orderId} (snapshot, then status and notification pushes), and who the
 * socket refuses at the handshake. Events the restaurant's endpoints will publish are published here through the
 * outbox, shaped as the order feature shapes them.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class OrderNotificationsTest {

    static final Duration WAIT = Duration.ofSeconds(20);
    static final String PLACED = "Your order has been placed!";

    @Inject
    Outbox outbox;

    @Inject
    ProducerTemplate producer;

    @Inject
    ObjectMapper mapper;

    @ConfigProperty(name = "dabba.consumers.notifications.order-events")
    String orderEventsConsumer;

    static List<Map<String, Object>> notifications(String token) {
        return as(token).queryParam("size", 100).get("/notifications").then().statusCode(200)
                .extract().jsonPath().getList("items");
    }

    static List<Map<String, Object>> about(String token, String orderId, String type) {
        return notifications(token).stream()
                .filter(n -> orderId.equals(n.get("subjectId")) && type.equals(n.get("type"))).toList();
    }

    /** The one notification of {@code type} about the order, once it is there. */
    static Map<String, Object> awaitNotification(String token, String orderId, String type) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100))
                .until(() -> !about(token, orderId, type).isEmpty());
        List<Map<String, Object>> found = about(token, orderId, type);
        assertEquals(1, found.size(), "notifications of " + type + ": " + found);
        return found.get(0);
    }

    /** Publishes an order event as the order feature would: its data shaped as the order feature's, plus extras. */
    CloudEvent publish(PlacedOrder o, String type, String status, String paymentStatus, Map<String, Object> extras)
            throws Exception {
        JsonNode order = mapper.readTree(as(o.customerToken()).get("/orders/{id}", o.orderId()).then()
                .statusCode(200).extract().asString());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", o.orderId());
        data.put("restaurantId", order.get("restaurantId").asText());
        data.put("customerId", order.get("customerId").asText());
        data.put("status", status);
        data.put("paymentStatus", paymentStatus);
        data.put("total", order.at("/pricing/total").decimalValue());
        data.put("currency", order.at("/pricing/currency").asText());
        data.put("items", order.get("items"));
        data.put("deliveryAddress", order.get("deliveryAddress"));
        data.put("placedAt", order.get("createdAt").asText());
        data.put("updatedAt", Time.now());
        data.put("paymentIntentId", o.paymentIntentId());
        data.putAll(extras);
        return QuarkusTransaction.requiringNew().call(() -> outbox.publish("order", UUID.fromString(o.orderId()),
                type, data));
    }

    @Test
    void aPaidOrderNotifiesItsCustomerOnceAndNobodyElse() {
        PlacedOrder o = Orders.paid();

        Map<String, Object> n = awaitNotification(o.customerToken(), o.orderId(), "order.payment.success");
        assertEquals(PLACED, n.get("title"));
        String body = (String) n.get("body");
        assertTrue(body.contains("₹550.00") && body.contains(o.orderId().substring(0, 8).toUpperCase()), body);
        assertTrue(n.get("createdAt") != null && n.get("id") != null);
        // The default channel, kamelet:dabba-log-sink, takes it: it is marked sent.
        await().atMost(WAIT).until(() -> WebhookSinkTest.channelState((String) n.get("id"))[0] != null);

        assertTrue(notifications(o.ownerToken()).stream().noneMatch(x -> o.orderId().equals(x.get("subjectId"))),
                "the restaurant's owner gets no customer notification");
        assertTrue(notifications(Api.newUser("CUSTOMER")).isEmpty(), "another customer gets nothing");
        RestAssured.given().get("/notifications").then().statusCode(401);
    }

    @Test
    void theCustomersSocketGetsTheSnapshotThenStatusAndNotificationPushes() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Dal Makhani", "250.00"));

        try (Sockets.Client socket = Sockets.connect("/ws/orders/" + o.orderId(), o.customerToken())) {
            JsonNode snapshot = socket.next(WAIT);
            assertEquals("order.status", snapshot.path("type").asText(), snapshot.toString());
            assertEquals(o.orderId(), snapshot.path("orderId").asText());
            assertEquals("PAYMENT_PENDING", snapshot.path("status").asText());
            assertEquals("PENDING", snapshot.path("paymentStatus").asText());
            assertFalse(snapshot.path("updatedAt").asText().isEmpty());
            assertTrue(snapshot.path("event").isMissingNode(), "a snapshot names no event");

            Orders.pay(o.paymentIntentId());

            JsonNode status = socket.next(m -> "order.status".equals(m.path("type").asText())
                    && "order.payment.success".equals(m.path("event").asText()), WAIT);
            assertEquals(o.orderId(), status.path("orderId").asText());
            assertEquals("PENDING_RESTAURANT_ACCEPTANCE", status.path("status").asText());
            assertEquals("SUCCEEDED", status.path("paymentStatus").asText());
            assertFalse(status.path("updatedAt").asText().isEmpty());

            JsonNode pushed = socket.next("notification", WAIT);
            assertEquals(PLACED, pushed.path("title").asText());
            assertEquals("order.payment.success", pushed.path("event").asText());
            assertEquals(o.orderId(), pushed.path("orderId").asText());

            // The pusher and the writer derive the same notification from the event.
            Map<String, Object> stored = awaitNotification(o.customerToken(), o.orderId(), "order.payment.success");
            assertEquals(stored.get("id"), pushed.path("id").asText());
            assertEquals(stored.get("body"), pushed.path("body").asText());
        }
    }

    @Test
    void onlyTheOrdersCustomerMayOpenItsSocket() {
        PlacedOrder o = Orders.paid();
        String path = "/ws/orders/" + o.orderId();

        assertEquals(401, Sockets.refusedStatus(path, null));
        assertEquals(401, Sockets.refusedStatus(path, "not-a-token"));
        assertEquals(403, Sockets.refusedStatus(path, Api.newUser("CUSTOMER")));
        assertEquals(403, Sockets.refusedStatus(path, o.ownerToken()));
        assertEquals(403, Sockets.refusedStatus(path, Api.adminToken()));
        assertEquals(403, Sockets.refusedStatus("/ws/orders/" + UUID.randomUUID(), o.customerToken()));
        assertEquals(403, Sockets.refusedStatus("/ws/orders/not-an-order", o.customerToken()));

        try (Sockets.Client socket = Sockets.connect(path, o.customerToken())) {
            assertEquals("PENDING_RESTAURANT_ACCEPTANCE", socket.next(WAIT).path("status").asText());
        }
    }

    @Test
    void theRestaurantAcceptingReachesTheSocketAndTheList() throws Exception {
        PlacedOrder o = Orders.paid();
        try (Sockets.Client socket = Sockets.connect("/ws/orders/" + o.orderId(), o.customerToken())) {
            assertEquals("order.status", socket.next(WAIT).path("type").asText());

            publish(o, "org.dabba.order.restaurant.confirmed", "ACCEPTED", "SUCCEEDED", Map.of("prepTimeMinutes", 25));

            // (The payment's own pushes may still be on their way: skipped.)
            JsonNode status = socket.next(m -> "order.status".equals(m.path("type").asText())
                    && "order.restaurant.confirmed".equals(m.path("event").asText()), WAIT);
            assertEquals("ACCEPTED", status.path("status").asText());
            assertEquals(o.orderId(), status.path("orderId").asText());
            JsonNode pushed = socket.next(m -> "notification".equals(m.path("type").asText())
                    && "order.restaurant.confirmed".equals(m.path("event").asText()), WAIT);
            assertEquals("Your order was accepted by the restaurant", pushed.path("title").asText());
            assertTrue(pushed.path("body").asText().contains("about 25 minutes"), pushed.toString());
        }
        Map<String, Object> n = awaitNotification(o.customerToken(), o.orderId(), "order.restaurant.confirmed");
        assertTrue(((String) n.get("body")).contains("about 25 minutes"), n.toString());
    }

    @Test
    void aRejectionByTimeoutIsToldInWords() throws Exception {
        PlacedOrder o = Orders.paid();
        publish(o, "org.dabba.order.restaurant.rejected", "REJECTED", "SUCCEEDED", Map.of("reason", "restaurant-timeout"));

        Map<String, Object> n = awaitNotification(o.customerToken(), o.orderId(), "order.restaurant.rejected");
        assertEquals("Your order was rejected, refund issued", n.get("title"));
        String body = (String) n.get("body");
        assertTrue(body.contains("did not respond in time") && body.contains("₹550.00"), body);
        assertFalse(body.contains("restaurant-timeout"), body);
    }

    @Test
    void aRedeliveredEventWritesNoSecondNotification() throws Exception {
        PlacedOrder o = Orders.paid();
        CloudEvent preparing = publish(o, "org.dabba.order.preparation.started", "IN_PREPARATION", "SUCCEEDED", Map.of());
        awaitNotification(o.customerToken(), o.orderId(), "order.preparation.started");

        // The relay sends an event again after a crash: the same CloudEvent, to the same consumer.
        producer.sendBody(orderEventsConsumer, mapper.writeValueAsString(preparing));
        // Events of one consumer are applied in order: once the next one is written, the copy was applied too.
        publish(o, "org.dabba.order.delivery.started", "OUT_FOR_DELIVERY", "SUCCEEDED", Map.of());
        awaitNotification(o.customerToken(), o.orderId(), "order.delivery.started");

        assertEquals(1, about(o.customerToken(), o.orderId(), "order.preparation.started").size());
    }

    @Test
    void anOversizedFrameClosesTheOrderSocketAsTooBig() throws Exception {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Dal Makhani", "250.00"));
        Sockets.Client socket = Sockets.connect("/ws/orders/" + o.orderId(), o.customerToken());
        assertEquals("order.status", socket.next(WAIT).path("type").asText());
        // Just over the 16 KiB limit, so the client has sent it all and reads the server's close frame.
        try {
            socket.sendRaw("{\"type\":\"" + "x".repeat(20_000) + "\"}");
        } catch (AssertionError closedWhileSending) {
            // the server may close before it has read all of it
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!socket.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1009, socket.closeStatus(), "closed as too big");
    }
}
