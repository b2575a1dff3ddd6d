package org.dabba.notification;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.sockets.LocalSockets;
import org.dabba.platform.sockets.SocketRelay;

/**
 * The customers' open order sockets ({@code /ws/orders/{orderId}}), by order, and the ways to push to them: to the
 * sockets on this instance ({@link #pushToOrder}, for a consumer that runs on every instance), or to the order's
 * sockets wherever they are open ({@link #pushToOrderEverywhere}, for a message that starts on one instance: the
 * courier's {@code courier.location}). Every message is a JSON object with a {@code type}.
 */
@ApplicationScoped
public class CustomerOrderSockets {

    static final String TOPIC = "order";

    private final LocalSockets<UUID> byOrder;
    private final SocketRelay relay;

    @Inject
    CustomerOrderSockets(SocketRelay relay) {
        this.byOrder = relay.sockets(TOPIC);
        this.relay = relay;
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

    /** Sends {@code message} to the order's sockets on every instance (through Redis); never waits, never throws. */
    public void pushToOrderEverywhere(UUID orderId, Object message) {
        relay.publish(TOPIC, orderId, message);
    }
}
