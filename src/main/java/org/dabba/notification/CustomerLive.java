package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/**
 * The push side of the customer's order socket (route {@code notification-customer-live}, one consumer per
 * instance): every order event becomes an {@code order.status} message, and a {@code notification} message when it
 * makes one, for that order's sockets on this instance. Everything comes from the event: no database read.
 */
@ApplicationScoped
@Named("customerLive")
public class CustomerLive {

    @Inject
    CustomerOrderSockets sockets;

    public void onOrderEvent(CloudEvent event) {
        JsonNode data = event.data();
        UUID orderId = UUID.fromString(event.subject());
        Instant updatedAt = data.hasNonNull("updatedAt") ? Instant.parse(data.get("updatedAt").asText()) : event.time();
        sockets.pushToOrder(orderId, new OrderSocketMessages.OrderStatus(orderId, data.path("status").asText(null),
                data.path("paymentStatus").asText(null), updatedAt, event.type()));
        OrderNotifications.of(event).ifPresent(n -> sockets.pushToOrder(orderId, OrderSocketMessages.Notification.of(n)));
    }
}
