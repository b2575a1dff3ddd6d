package org.dabba.order;

import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.PathParam;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.limits.SocketCaps;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.SocketAccess;
import org.dabba.platform.sockets.InboundPacing;

/**
 * {@code /ws/restaurants/{restaurantId}/orders}: the restaurant's live order board, for its owner only
 * ({@link RestaurantDashboardSocketAccess}). A {@code snapshot} on connect, then {@code order.new} and
 * {@code order.updated} ({@link RestaurantDashboardSockets}); one-way: decisions go through the REST API. An owner's
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

    @OnTextMessage
    @NonBlocking
    String clientMessage(String ignored, WebSocketConnection connection) {
        pacing.received(connection);
        return messages.clientMessageRefused();
    }
}
