package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.UUID;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderSnapshot;
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
        OrderSnapshot o = OrderEventTypes.read(event).map(OrderEvent::order).orElse(null);
        if (o == null) {
            return;
        }
        UUID orderId = UUID.fromString(event.subject());
        sockets.sendHere(orderId, new OrderSocketMessages.OrderStatus(orderId, nameOf(o.status()),
                nameOf(o.paymentStatus()), o.updatedAt() == null ? event.time() : o.updatedAt(),
                OrderEventTypes.name(event.type())));
        OrderNotifications.of(event).ifPresent(n -> sockets.sendHere(orderId, OrderSocketMessages.Notification.of(n)));
    }

    private static String nameOf(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
