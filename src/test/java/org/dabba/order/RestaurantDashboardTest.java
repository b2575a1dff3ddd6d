package org.dabba.order;

import static io.restassured.RestAssured.given;
import static org.dabba.testing.Api.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.dabba.platform.Time;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.events.OutboxEvent;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * The restaurant dashboard's socket with a real client: who gets through the handshake, the snapshot on connect,
 * {@code order.new} within a second of the payment, {@code order.updated} for later events, and who receives what.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class RestaurantDashboardTest {

    static final Duration WAIT = Duration.ofSeconds(15);
    static final RestAssuredConfig EXACT = RestAssuredConfig.config().jsonConfig(JsonConfig.jsonConfig()
            .numberReturnType(JsonPathConfig.NumberReturnType.BIG_DECIMAL));

    @Inject
    Outbox outbox;

    @Inject
    OrderPlacement orders;

    @Inject
    ObjectMapper mapper;

    static String path(String restaurantId) {
        return "/ws/restaurants/" + restaurantId + "/orders";
    }

    /** A fresh ONLINE restaurant with one dish: {ownerToken, restaurantId, itemId}. */
    static String[] restaurant() {
        String[] r = Api.onlineRestaurant();
        return new String[] { r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00") };
    }

    /** Connects the owner's dashboard and takes its snapshot. */
    static Client dashboard(String ownerToken, String restaurantId, List<JsonNode> snapshotOut) {
        Client c = Sockets.connect(path(restaurantId), ownerToken);
        JsonNode snapshot = c.next(WAIT);
        assertEquals("snapshot", snapshot.path("type").asText(), snapshot.toString());
        snapshotOut.add(snapshot);
        return c;
    }

    static Client dashboard(String ownerToken, String restaurantId) {
        return dashboard(ownerToken, restaurantId, new ArrayList<>());
    }

    static List<String> orderIds(JsonNode snapshot) {
        List<String> ids = new ArrayList<>();
        snapshot.path("orders").forEach(o -> ids.add(o.path("orderId").asText()));
        return ids;
    }

    @Test
    void strangersAreRefusedAtTheHandshake() {
        String[] r = Api.onlineRestaurant();
        String path = path(r[1]);
        assertEquals(401, Sockets.refusedStatus(path, null));
        assertEquals(401, Sockets.refusedStatus(path, "not-a-token"));
        assertEquals(403, Sockets.refusedStatus(path, Api.newUser("RESTAURANT_OWNER")));
        assertEquals(403, Sockets.refusedStatus(path, Api.newUser("CUSTOMER")));
        // A restaurant that does not exist, or an id that is not one: the same 403, existence does not leak.
        assertEquals(403, Sockets.refusedStatus(path(UUID.randomUUID().toString()), r[0]));
        assertEquals(403, Sockets.refusedStatus(path("not-a-uuid"), r[0]));
    }

    @Test
    void theOwnerMayAlsoSendTheTokenAsAnAuthorizationHeader() throws Exception {
        String[] r = Api.onlineRestaurant();
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .header("Authorization", "Bearer " + r[0])
                .buildAsync(URI.create("ws://localhost:" + RestAssured.port + path(r[1])), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        try {
            JsonNode snapshot = mapper.readTree(first.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals("snapshot", snapshot.path("type").asText());
            assertEquals(0, snapshot.path("orders").size());
        } finally {
            socket.abort();
        }
    }

    @Test
    void theSnapshotListsThePaidOrdersWaitingForADecisionOfThisRestaurantOnly() {
        String[] r = restaurant();
        PlacedOrder paid = Orders.paid(r[0], r[1], r[2]);
        Orders.placed(r[0], r[1], r[2]); // not paid: not the restaurant's business yet
        String[] other = restaurant();
        Orders.paid(other[0], other[1], other[2]);

        List<JsonNode> snapshots = new ArrayList<>();
        try (Client c = dashboard(r[0], r[1], snapshots)) {
            JsonNode snapshot = snapshots.get(0);
            assertEquals(List.of(paid.orderId()), orderIds(snapshot));
            JsonNode order = snapshot.path("orders").get(0);
            assertEquals("PENDING_RESTAURANT_ACCEPTANCE", order.path("status").asText());
            assertEquals("SUCCEEDED", order.path("paymentStatus").asText());
            assertEquals("Paneer Tikka", order.path("items").get(0).path("name").asText());
            assertEquals(2, order.path("items").get(0).path("quantity").asInt());
            assertEquals("Less spicy", order.path("items").get(0).path("specialInstructions").asText());
            assertEquals("INR", order.path("currency").asText());
            assertEquals("500034", order.path("deliveryAddress").path("zipCode").asText());
            assertEquals(0, new BigDecimal("550.00").compareTo(order.path("total").decimalValue()), order.toString());
            assertNotNull(Instant.parse(order.path("placedAt").asText()));
        }
    }

    @Test
    void aNewOrderArrivesWithinASecondOfItsPayment() {
        String[] r = restaurant();
        try (Client c = dashboard(r[0], r[1])) {
            PlacedOrder placed = Orders.placed(r[0], r[1], r[2]);
            Orders.pay(placed.paymentIntentId());
            JsonNode message = c.next("order.new", WAIT);
            Instant received = Instant.now();

            Instant paidEventAt = eventTime(placed.orderId(), "org.dabba.order.payment.success");
            Duration lag = Duration.between(paidEventAt, received);
            assertTrue(lag.compareTo(Duration.ofSeconds(1)) < 0, "order.new came " + lag + " after the event");

            JsonNode order = message.path("order");
            assertEquals(placed.orderId(), order.path("orderId").asText());
            assertEquals("PENDING_RESTAURANT_ACCEPTANCE", order.path("status").asText());
            assertEquals("SUCCEEDED", order.path("paymentStatus").asText());
            JsonNode line = order.path("items").get(0);
            assertEquals(r[2], line.path("itemId").asText());
            assertEquals("Paneer Tikka", line.path("name").asText());
            assertEquals(2, line.path("quantity").asInt());
            assertEquals("Less spicy", line.path("specialInstructions").asText());
            assertEquals(0, new BigDecimal("500.00").compareTo(line.path("lineTotal").decimalValue()));

            var stored = as(placed.customerToken()).config(EXACT).get("/orders/{id}", placed.orderId()).then()
                    .statusCode(200).extract();
            BigDecimal total = stored.path("pricing.total");
            assertEquals(0, total.compareTo(order.path("total").decimalValue()), order.toString());
            assertEquals("INR", order.path("currency").asText());
            assertEquals(Instant.parse(stored.path("createdAt")), Instant.parse(order.path("placedAt").asText()));
            assertEquals("Hyderabad", order.path("deliveryAddress").path("city").asText());
            // The dashboard's order is the same in order.new as in the snapshot of a later connect.
            List<JsonNode> snapshots = new ArrayList<>();
            try (Client again = dashboard(r[0], r[1], snapshots)) {
                assertEquals(order, snapshots.get(0).path("orders").get(0));
            }
        }
    }

    @Test
    void laterEventsOfItsOrdersArriveAsUpdates() throws Exception {
        String[] r = restaurant();
        try (Client c = dashboard(r[0], r[1])) {
            PlacedOrder paid = Orders.paid(r[0], r[1], r[2]);
            c.next("order.new", WAIT);

            // The accept endpoint is another part of the issue: its event is published here as the order feature does.
            Map<String, Object> data = eventData(paid, "ACCEPTED", "SUCCEEDED");
            data.put("prepTimeMinutes", 25);
            QuarkusTransaction.requiringNew().run(() -> outbox.publish(OrderChanges.EVENTS,
                    UUID.fromString(paid.orderId()), "org.dabba.order.restaurant.confirmed", data));

            JsonNode update = c.next("order.updated", WAIT);
            assertEquals(paid.orderId(), update.path("orderId").asText());
            assertEquals("ACCEPTED", update.path("status").asText());
            assertEquals("SUCCEEDED", update.path("paymentStatus").asText());
            assertEquals("order.restaurant.confirmed", update.path("event").asText());
            assertEquals(25, update.path("prepTimeMinutes").asInt());
            assertEquals(data.get("updatedAt"), Instant.parse(update.path("updatedAt").asText()));
            assertFalse(update.has("items"), "an update names the change, not the whole order: " + update);
            assertFalse(update.has("customerId"), update.toString());
        }
    }

    @Test
    void ordersThatNeverReachedTheRestaurantAreNotPushed() {
        String[] r = restaurant();
        try (Client c = dashboard(r[0], r[1])) {
            PlacedOrder declined = Orders.placed(r[0], r[1], r[2]);
            given().header("Authorization", "Bearer " + Orders.SANDBOX_KEY)
                    .formParam("payment_method", "pm_card_chargeDeclined")
                    .post("/sandbox/stripe/v1/payment_intents/{id}/confirm", declined.paymentIntentId())
                    .then().statusCode(402);
            Orders.awaitStatus(declined.customerToken(), declined.orderId(), "PAYMENT_FAILED");
            // An unpaid order given up (its payment timed out): order.cancelled with paymentStatus FAILED.
            PlacedOrder unpaid = Orders.placed(r[0], r[1], r[2]);
            assertTrue(orders.cancelUnpaid(UUID.fromString(unpaid.orderId()), "payment timed out"));

            // Events are pushed in order: the first message after those is the next paid order.
            PlacedOrder paid = Orders.paid(r[0], r[1], r[2]);
            JsonNode next = c.next(WAIT);
            assertEquals("order.new", next.path("type").asText(), next.toString());
            assertEquals(paid.orderId(), next.path("order").path("orderId").asText());
        }
    }

    @Test
    void eachDashboardGetsOnlyItsOwnRestaurantsOrders() {
        String[] first = restaurant();
        String[] second = restaurant();
        try (Client one = dashboard(first[0], first[1]); Client two = dashboard(second[0], second[1])) {
            PlacedOrder a = Orders.paid(first[0], first[1], first[2]);
            assertEquals(a.orderId(), one.next("order.new", WAIT).path("order").path("orderId").asText());

            // The second dashboard's first message is its own order: nothing of the first restaurant's came before.
            PlacedOrder b = Orders.paid(second[0], second[1], second[2]);
            JsonNode next = two.next(WAIT);
            assertEquals("order.new", next.path("type").asText(), next.toString());
            assertEquals(b.orderId(), next.path("order").path("orderId").asText());
        }
    }

    @Test
    void everyOpenDashboardOfTheRestaurantReceivesAndAReconnectCatchesUpWithTheSnapshot() {
        String[] r = restaurant();
        Client tablet = dashboard(r[0], r[1]);
        try (Client counter = dashboard(r[0], r[1])) {
            PlacedOrder first = Orders.paid(r[0], r[1], r[2]);
            assertEquals(first.orderId(), tablet.next("order.new", WAIT).path("order").path("orderId").asText());
            assertEquals(first.orderId(), counter.next("order.new", WAIT).path("order").path("orderId").asText());

            // The tablet drops off; the counter still gets the next order, and the tablet's reconnect has both.
            tablet.close();
            PlacedOrder second = Orders.paid(r[0], r[1], r[2]);
            assertEquals(second.orderId(), counter.next("order.new", WAIT).path("order").path("orderId").asText());
            List<JsonNode> snapshots = new ArrayList<>();
            try (Client back = dashboard(r[0], r[1], snapshots)) {
                assertEquals(List.of(first.orderId(), second.orderId()), orderIds(snapshots.get(0)));
            }
        }
    }

    @Test
    void aClientMessageIsAnsweredWithAnError() {
        String[] r = Api.onlineRestaurant();
        try (Client c = dashboard(r[0], r[1])) {
            c.send(Map.of("type", "accept", "orderId", UUID.randomUUID().toString()));
            JsonNode error = c.next(WAIT);
            assertEquals("error", error.path("type").asText());
            assertEquals("no-client-messages", error.path("code").asText());
            assertFalse(c.isClosed());
        }
    }

    /** The CloudEvent time of the order's event of {@code type}, from the outbox. */
    static Instant eventTime(String orderId, String type) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxEvent.<OutboxEvent>find(
                "aggregateId = ?1 and type = ?2", UUID.fromString(orderId), type).singleResult().createdAt);
    }

    /** An order event's data as the order feature builds it, from the order as its customer reads it. */
    static Map<String, Object> eventData(PlacedOrder o, String status, String paymentStatus) {
        var view = as(o.customerToken()).config(EXACT).get("/orders/{id}", o.orderId()).then().statusCode(200)
                .extract();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", o.orderId());
        data.put("restaurantId", o.restaurantId());
        data.put("customerId", view.path("customerId"));
        data.put("status", status);
        data.put("paymentStatus", paymentStatus);
        data.put("total", view.path("pricing.total"));
        data.put("currency", view.path("pricing.currency"));
        data.put("items", view.path("items"));
        data.put("deliveryAddress", view.path("deliveryAddress"));
        data.put("placedAt", view.path("createdAt"));
        data.put("updatedAt", Time.now());
        return data;
    }

    @Test
    void anOversizedFrameClosesTheDashboardAsTooBig() throws Exception {
        String[] r = restaurant();
        Client board = dashboard(r[0], r[1]);
        // Just over the 16 KiB limit, so the client has sent it all and reads the server's close frame.
        try {
            board.sendRaw("{\"type\":\"" + "x".repeat(20_000) + "\"}");
        } catch (AssertionError closedWhileSending) {
            // the server may close before it has read all of it
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!board.isClosed() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(1009, board.closeStatus(), "closed as too big");
        // Only that socket: another board of the same owner still opens and gets its snapshot.
        dashboard(r[0], r[1]).close();
    }
}
