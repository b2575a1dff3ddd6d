package org.dabba.order;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.limits.SocketCaps;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.SocketAccess;
import org.dabba.platform.sockets.InboundPacing;

/**
 * {@code /ws/restaurants/{restaurantId}/orders}: the restaurant's live order board, for its owner only
 * ({@link RestaurantDashboardSocketAccess}). A {@code snapshot} on connect, then {@code order.new} and
 * {@code order.updated} ({@link RestaurantDashboardSockets}); the board answers only {@code seen} (it showed a new
 * order): decisions go through the REST API. An owner's
 * dashboards beyond {@code dabba.limits.sockets.restaurant-dashboard} close the oldest ({@link SocketCaps}).
 */
@WebSocket(path = "/ws/restaurants/{restaurantId}/orders", endpointId = RestaurantDashboardSocket.ENDPOINT_ID)
public class RestaurantDashboardSocket {

    static final String ENDPOINT_ID = "restaurant-dashboard";

    @Inject
    RestaurantDashboardSockets sockets;

    @Inject
    RestaurantDashboardMessages messages;

    @Inject
    OrderReads orders;

    @Inject
    SocketCaps caps;

    @Inject
    InboundPacing pacing;

    @Inject
    Event<NewOrderSeen> newOrderSeen;

    /** Blocking (a worker thread): the snapshot is read from the database. */
    @OnOpen
    void open(WebSocketConnection connection, @PathParam String restaurantId) {
        UUID id = UUID.fromString(restaurantId); // the handshake check refused anything else
        // Counted before the snapshot is read, so that "oldest" is the order the sockets opened in.
        caps.opened(SocketCaps.Kind.RESTAURANT_DASHBOARD, owner(connection), connection);
        sockets.opened(id, connection, () -> messages.snapshot(orders.awaitingDecision(id)));
    }

    @OnClose
    @NonBlocking
    void close(WebSocketConnection connection, @PathParam String restaurantId) {
        sockets.closed(UUID.fromString(restaurantId), connection);
        caps.closed(SocketCaps.Kind.RESTAURANT_DASHBOARD, owner(connection), connection);
    }

    private static UUID owner(WebSocketConnection connection) {
        Caller owner = connection.userData().get(SocketAccess.CALLER);
        return owner.userId();
    }

    /**
     * {@code {"type": "seen", "orderId": "…"}} when the board showed a new order to someone: the owner's alert
     * needs no SMS then. Anything else is refused. Blocking (a worker thread): it is recorded in the database.
     */
    @OnTextMessage
    String clientMessage(String message, WebSocketConnection connection, @PathParam String restaurantId) {
        pacing.received(connection);
        Optional<UUID> seen = messages.seenOrder(message);
        if (seen.isEmpty()) {
            return messages.clientMessageRefused();
        }
        newOrderSeen.fire(new NewOrderSeen(seen.get(), UUID.fromString(restaurantId), owner(connection)));
        return null;
    }
}
