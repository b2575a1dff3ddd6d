package org.dabba.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Supplier;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.sockets.LocalSockets;
import org.dabba.platform.sockets.SocketWrites;
import org.dabba.platform.sockets.SocketsConfig;

/**
 * The restaurant dashboards connected to this instance, by restaurant, and the fan-out of order events to them.
 * Sockets are local: every instance reads every order event (a consumer group of its own in prod) and pushes to
 * its own sockets. Sending never waits for a client: a slow one is closed once {@code dabba.sockets.max-unsent}
 * messages wait for it ({@link SocketWrites}; it reconnects to a fresh snapshot), a closed or failed one is skipped,
 * and nothing here throws into the consuming route.
 */
@ApplicationScoped
public class RestaurantDashboardSockets {

    private final LocalSockets<UUID> byRestaurant;
    private final int maxHeld;

    @Inject
    RestaurantDashboardMessages messages;

    @Inject
    RestaurantDashboardSockets(ObjectMapper mapper, SocketWrites writes, SocketsConfig config) {
        this.byRestaurant = new LocalSockets<>(mapper, writes);
        this.maxHeld = config.maxUnsent();
    }

    /** The snapshot first, then the pushes: none is lost between the two, none arrives before it. */
    void opened(UUID restaurantId, WebSocketConnection connection, Supplier<String> snapshot) {
        byRestaurant.opened(restaurantId, connection, snapshot, maxHeld);
    }

    void closed(UUID restaurantId, WebSocketConnection connection) {
        byRestaurant.closed(restaurantId, connection);
    }

    /** The {@code order-dashboard-push} route's step: the event's message, if any, to the restaurant's sockets. */
    public void push(CloudEvent event) {
        messages.forEvent(event).ifPresent(push -> byRestaurant.sendJson(push.restaurantId(), push.json()));
    }
}
