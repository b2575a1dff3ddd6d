package org.dabba.order;

import static org.dabba.testing.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.dabba.testing.Api;
import org.dabba.testing.LocalServers;
import org.dabba.testing.Orders;
import org.dabba.testing.Orders.PlacedOrder;
import org.dabba.testing.Sockets;
import org.dabba.testing.Sockets.Client;
import org.junit.jupiter.api.Test;

/**
 * The restaurant side of an order end to end, as the three people involved see it: the owner's dashboard socket,
 * the customer's order socket and notifications, and the REST answers. Paid, accepted, prepared; or paid,
 * rejected and refunded.
 */
@QuarkusTest
@WithTestResource(LocalServers.class)
class FulfilmentFlowTest {

    static final Duration WAIT = Duration.ofSeconds(15);

    /** A fresh restaurant with a dish, an unpaid order of it, and both sockets open before the payment. */
    record Watched(PlacedOrder order, Client dashboard, Client customer) implements AutoCloseable {
        @Override
        public void close() {
            dashboard.close();
            customer.close();
        }
    }

    static Watched watchedOrder() {
        String[] r = Api.onlineRestaurant();
        PlacedOrder o = Orders.placed(r[0], r[1], Api.dish(r[0], r[1], "Paneer Tikka", "250.00"));
        Client dashboard = Sockets.connect("/ws/restaurants/" + o.restaurantId() + "/orders", o.ownerToken());
        assertEquals(0, dashboard.next("snapshot", WAIT).path("orders").size(), "nothing paid yet");
        Client customer = Sockets.connect("/ws/orders/" + o.orderId(), o.customerToken());
        assertEquals("PAYMENT_PENDING", customer.next("order.status", WAIT).path("status").asText());
        Orders.pay(o.paymentIntentId());
        JsonNode fresh = dashboard.next("order.new", WAIT);
        assertEquals(o.orderId(), fresh.path("order").path("orderId").asText());
        customer.next(status(o, "PENDING_RESTAURANT_ACCEPTANCE"), WAIT);
        assertEquals("Your order has been placed!", customer.next(notification(o, "order.payment.success"), WAIT)
                .path("title").asText());
        return new Watched(o, dashboard, customer);
    }

    static Predicate<JsonNode> status(PlacedOrder o, String status) {
        return m -> m.path("type").asText().equals("order.status") && m.path("orderId").asText().equals(o.orderId())
                && m.path("status").asText().equals(status);
    }

    static Predicate<JsonNode> notification(PlacedOrder o, String eventType) {
        return m -> m.path("type").asText().equals("notification") && m.path("orderId").asText().equals(o.orderId())
                && m.path("event").asText().equals(eventType);
    }

    static Predicate<JsonNode> updated(PlacedOrder o, String event) {
        return m -> m.path("type").asText().equals("order.updated") && m.path("orderId").asText().equals(o.orderId())
                && m.path("event").asText().equals(event);
    }

    @Test
    void acceptedThenPreparedReachesTheDashboardTheCustomerAndTheNotifications() {
        try (Watched w = watchedOrder()) {
            PlacedOrder o = w.order();
            as(o.ownerToken()).body(Map.of("prepTimeMinutes", 20))
                    .post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId())
                    .then().statusCode(200).body("status", equalTo("ACCEPTED"));

            JsonNode accepted = w.dashboard().next(updated(o, "order.restaurant.confirmed"), WAIT);
            assertEquals("ACCEPTED", accepted.path("status").asText());
            assertEquals(20, accepted.path("prepTimeMinutes").asInt());
            w.customer().next(status(o, "ACCEPTED"), WAIT);
            JsonNode told = w.customer().next(notification(o, "order.restaurant.confirmed"), WAIT);
            assertTrue(told.path("body").asText().contains("20 minutes"), told.toString());

            as(o.ownerToken()).body(Map.of("status", "IN_PREPARATION"))
                    .post("/restaurants/{r}/orders/{o}/status", o.restaurantId(), o.orderId())
                    .then().statusCode(200).body("status", equalTo("IN_PREPARATION"));
            assertEquals("IN_PREPARATION",
                    w.dashboard().next(updated(o, "order.preparation.started"), WAIT).path("status").asText());
            w.customer().next(status(o, "IN_PREPARATION"), WAIT);
            assertEquals("Your order is being prepared",
                    w.customer().next(notification(o, "order.preparation.started"), WAIT).path("title").asText());

            // What the customer reads later is what was pushed (stored by another consumer than the push's: soon).
            org.awaitility.Awaitility.await().atMost(WAIT).untilAsserted(() -> as(o.customerToken())
                    .get("/notifications").then().statusCode(200).body("items.title", hasItems(
                            "Your order has been placed!", "Your order was accepted by the restaurant",
                            "Your order is being prepared")));
            // A second decision is refused and pushes nothing.
            as(o.ownerToken()).body(Map.of())
                    .post("/restaurants/{r}/orders/{o}/reject", o.restaurantId(), o.orderId())
                    .then().statusCode(400);
            as(o.ownerToken()).post("/restaurants/{r}/orders/{o}/accept", o.restaurantId(), o.orderId())
                    .then().statusCode(409);
            w.dashboard().assertSilent(Duration.ofMillis(500));
        }
    }

    @Test
    void aRejectionIsRefundedAndEveryoneIsTold() {
        try (Watched w = watchedOrder()) {
            PlacedOrder o = w.order();
            as(o.ownerToken()).body(Map.of("reason", "Out of paneer today"))
                    .post("/restaurants/{r}/orders/{o}/reject", o.restaurantId(), o.orderId())
                    .then().statusCode(200).body("status", equalTo("REJECTED"));

            JsonNode rejected = w.dashboard().next(updated(o, "order.restaurant.rejected"), WAIT);
            assertEquals("Out of paneer today", rejected.path("reason").asText());
            assertEquals("REFUNDED",
                    w.dashboard().next(updated(o, "order.payment.refunded"), WAIT).path("paymentStatus").asText());

            w.customer().next(status(o, "REJECTED"), WAIT);
            JsonNode told = w.customer().next(notification(o, "order.restaurant.rejected"), WAIT);
            assertTrue(told.path("body").asText().contains("Out of paneer today"), told.toString());
            w.customer().next(m -> m.path("type").asText().equals("order.status")
                    && m.path("paymentStatus").asText().equals("REFUNDED"), WAIT);

            as(o.customerToken()).get("/orders/{id}/status", o.orderId()).then().statusCode(200)
                    .body("status", equalTo("REJECTED")).body("paymentStatus", equalTo("REFUNDED"));
        }
    }
}
