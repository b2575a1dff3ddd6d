package org.dabba.notification;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.order.OrderBodies.StatusView;
import org.dabba.order.OrderReads;
import org.dabba.platform.limits.SocketCaps;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.SocketAccess;

/**
 * {@code /ws/orders/{orderId}}: the customer's live view of one order. Only the order's customer gets here
 * ({@link CustomerOrderSocketAccess} refuses everyone else at the handshake). On connect: an {@code order.status}
 * snapshot; then whatever {@link CustomerOrderSockets#sendHere} sends (status changes and notifications from
 * {@link CustomerLive}, later the courier's position). A dropped socket loses nothing: the next snapshot catches up.
 * A customer's sockets beyond {@code dabba.limits.sockets.customer-order} close the oldest ({@link SocketCaps}).
 */
@WebSocket(path = "/ws/orders/{orderId}", endpointId = CustomerOrderSocket.ID)
public class CustomerOrderSocket {

    static final String ID = "customer-order";

    @Inject
    CustomerOrderSockets sockets;

    @Inject
    OrderReads orders;

    @Inject
    SocketCaps caps;

    /** Runs on a worker thread (it reads the database). Registers first, so no change after the snapshot is missed. */
    @OnOpen
    public OrderSocketMessages.OrderStatus open(@PathParam String orderId, WebSocketConnection connection) {
        UUID order = UUID.fromString(orderId);
        Caller customer = connection.userData().get(SocketAccess.CALLER);
        sockets.opened(order, connection);
        caps.opened(SocketCaps.Kind.CUSTOMER_ORDER, customer.userId(), connection);
        StatusView s = orders.status(customer, order);
        return new OrderSocketMessages.OrderStatus(s.orderId(), s.status().name(), s.paymentStatus().name(),
                s.updatedAt(), null);
    }

    @OnClose
    public void close(@PathParam String orderId, WebSocketConnection connection) {
        sockets.closed(UUID.fromString(orderId), connection);
        Caller customer = connection.userData().get(SocketAccess.CALLER);
        caps.closed(SocketCaps.Kind.CUSTOMER_ORDER, customer.userId(), connection);
    }
}
