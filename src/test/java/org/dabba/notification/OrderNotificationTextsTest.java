package org.dabba.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.dabba.order.OrderChanges;
import org.dabba.platform.events.CloudEvent;
import org.junit.jupiter.api.Test;

/** The event → notification mapping on its own: the text of each event, and the ids that make it idempotent. */
class OrderNotificationTextsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final UUID ORDER = UUID.fromString("3f2a9c1e-0000-4000-8000-000000000001");
    static final UUID CUSTOMER = UUID.randomUUID();
    static final Instant AT = Instant.parse("2026-11-29T12:00:00.123456Z");

    static CloudEvent event(String id, String type, Map<String, Object> extras) {
        ObjectNode data = JSON.createObjectNode()
                .put("orderId", ORDER.toString()).put("customerId", CUSTOMER.toString())
                .put("restaurantId", UUID.randomUUID().toString()).put("status", "ACCEPTED")
                .put("paymentStatus", "SUCCEEDED").put("currency", "INR");
        data.set("total", JSON.valueToTree(new java.math.BigDecimal("550.00")));
        extras.forEach((k, v) -> data.set(k, JSON.valueToTree(v)));
        return new CloudEvent("1.0", id, "/dabba/order", type, ORDER.toString(), AT, "application/json", data);
    }

    static NotificationMessage of(String type, Map<String, Object> extras) {
        return OrderNotifications.of(event(UUID.randomUUID().toString(), type, extras)).orElseThrow();
    }

    @Test
    void everyCustomerFacingEventHasItsWords() {
        assertEquals("Your order has been placed!", of("org.dabba.order.payment.success", Map.of()).title());
        assertTrue(of("org.dabba.order.payment.success", Map.of()).body().contains("#3F2A9C1E (₹550.00)"));
        assertTrue(of("org.dabba.order.restaurant.confirmed", Map.of()).title().contains("accepted by the restaurant"));
        assertTrue(of("org.dabba.order.restaurant.confirmed", Map.of("prepTimeMinutes", 20)).body().contains("about 20 minutes"));
        assertFalse(of("org.dabba.order.restaurant.confirmed", Map.of()).body().contains("minutes"));
        assertTrue(of("org.dabba.order.preparation.started", Map.of()).title().contains("being prepared"));
        assertTrue(of("org.dabba.order.delivery.started", Map.of()).title().contains("out for delivery"));
        assertTrue(of("org.dabba.order.delivered", Map.of()).title().contains("delivered"));
        assertTrue(of("org.dabba.order.delivery.delayed", Map.of()).title().contains("delayed"));
        assertTrue(of("org.dabba.order.payment.refunded", Map.of()).title().contains("Refund issued"));
        assertTrue(of("org.dabba.order.payment.failed", Map.of()).body().contains("nothing was charged"));
    }

    @Test
    void aRejectionSaysWhyInWords() {
        NotificationMessage timeout = of("org.dabba.order.restaurant.rejected", Map.of("reason", "restaurant-timeout"));
        assertEquals("Your order was rejected, refund issued", timeout.title());
        assertTrue(timeout.body().contains("it did not respond in time"), timeout.body());
        assertFalse(timeout.body().contains("restaurant-timeout"));
        assertTrue(of("org.dabba.order.restaurant.rejected", Map.of("reason", "Out of paneer")).body().contains(": Out of paneer."));
    }

    @Test
    void aCancellationSaysWhatHappensToTheMoney() {
        assertTrue(of("org.dabba.order.cancelled", Map.of("paymentStatus", "FAILED")).body()
                .contains("before it was paid; nothing was charged"));
        assertTrue(of("org.dabba.order.cancelled", Map.of("paymentStatus", "SUCCEEDED")).body()
                .contains("the ₹550.00 you paid will be refunded"));
    }

    @Test
    void aCancellationSaysWhoCancelledAndWhatComesBack() {
        NotificationMessage byRestaurant = of("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING",
                "reason", "Out of paneer", "cancelledBy", Map.of("kind", "RESTAURANT"), "refund", Map.of("type",
                        "FULL", "amount", "550.00")));
        assertEquals("The restaurant cancelled your order", byRestaurant.title());
        assertEquals("The restaurant had to cancel order #3F2A9C1E: Out of paneer. The full ₹550.00 you paid is "
                + "being refunded to your payment method.", byRestaurant.body());
        NotificationMessage mine = of("org.dabba.order.cancelled", Map.of("paymentStatus", "FAILED", "reason", "Oops",
                "cancelledBy", Map.of("kind", "CUSTOMER"), "refund", Map.of("type", "FULL", "amount", 0)));
        assertEquals("You cancelled order #3F2A9C1E before it was paid; nothing was charged.", mine.body());
        NotificationMessage support = of("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING",
                "reason", "Rider fell", "cancelledBy", Map.of("kind", "ADMIN"), "refund", Map.of("type", "PARTIAL",
                        "amount", "100.01")));
        assertEquals("Your order was cancelled by Dabba support", support.title());
        assertTrue(support.body().contains("₹100.01 of the ₹550.00 you paid is being refunded"), support.body());
        NotificationMessage none = of("org.dabba.order.cancelled", Map.of("reason", "Fraud", "cancelledBy",
                Map.of("kind", "ADMIN"), "refund", Map.of("type", "NONE", "amount", 0)));
        assertTrue(none.body().contains("No refund was issued"), none.body());
        NotificationMessage noCourier = of("org.dabba.order.cancelled", Map.of("paymentStatus", "REFUND_PENDING",
                "reason", OrderChanges.DISPATCH_DEADLINE, "cancelledBy", Map.of("kind", "SYSTEM"), "refund",
                Map.of("type", "FULL", "amount", "550.00")));
        assertEquals("No delivery partner could be found", noCourier.title());
        assertTrue(noCourier.body().startsWith("We could not find a delivery partner for order #3F2A9C1E in time"),
                noCourier.body());
        assertFalse(noCourier.body().contains("dispatch-deadline"));
        assertTrue(of("org.dabba.order.payment.refunded", Map.of("amount", "100.01")).body().startsWith("₹100.01 for order"));
    }

    @Test
    void theSameEventGivesTheSameNotificationAnotherEventAnotherOne() {
        CloudEvent e = event("evt-1", "org.dabba.order.payment.success", Map.of());
        NotificationMessage first = OrderNotifications.of(e).orElseThrow();
        assertEquals(first, OrderNotifications.of(e).orElseThrow());
        assertEquals(NotificationMessage.idFor("evt-1"), first.id());
        assertEquals(CUSTOMER, first.userId());
        assertEquals(ORDER, first.subjectId());
        assertEquals(AT, first.createdAt());
        assertNotEquals(first.id(), OrderNotifications.of(event("evt-2", "org.dabba.order.payment.success", Map.of())).orElseThrow().id());
    }

    @Test
    void otherEventsMakeNone() {
        assertTrue(OrderNotifications.of(event("e", "org.dabba.order.deliverypartner.assigned", Map.of())).isEmpty());
        assertTrue(OrderNotifications.of(new CloudEvent("1.0", "e", "/dabba/order", "org.dabba.order.payment.success",
                ORDER.toString(), AT, "application/json", JSON.createObjectNode())).isEmpty());
    }
}
