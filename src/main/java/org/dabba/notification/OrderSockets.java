package org.dabba.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.sockets.LocalSockets;

/**
 * The customers' open order sockets on this instance ({@code /ws/orders/{orderId}}), by order, and the one way to
 * push to them. Other features push their own messages to an order's sockets with {@link #pushToOrder} (the courier
 * issue's {@code courier.location}); every message is a JSON object with a {@code type}.
 */
@ApplicationScoped
public class OrderSockets {

    private final LocalSockets<UUID> byOrder;

    @Inject
    OrderSockets(ObjectMapper mapper) {
        this.byOrder = new LocalSockets<>(mapper);
    }

    void opened(UUID orderId, WebSocketConnection connection) {
        byOrder.opened(orderId, connection);
    }

    void closed(UUID orderId, WebSocketConnection connection) {
        byOrder.closed(orderId, connection);
    }

    /**
     * Sends {@code message} (serialized as JSON once) to every socket open on this instance for {@code orderId}.
     * Sends are asynchronous and never throw: a broken socket is logged and dropped, the others still get it.
     *
     * @return how many sockets it was handed to
     */
    public int pushToOrder(UUID orderId, Object message) {
        return byOrder.send(orderId, message);
    }
}
