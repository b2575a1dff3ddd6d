package org.dabba.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
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
 * The restaurant dashboards connected to this instance, by restaurant, and the fan-out of order events to them
 * (every instance reads every order event). A client too slow for {@code dabba.sockets.max-unsent} messages is
 * closed ({@link SocketWrites}), a closed one skipped; nothing here throws into the consuming route.
 */
@ApplicationScoped
public class RestaurantDashboardSockets {

    private final LocalSockets<UUID> byRestaurant;
    private final int maxHeld;

    @Inject
    RestaurantDashboardMessages messages;

    @Inject
    Tracer tracer;

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

    /**
     * The {@code order-dashboard-push} route's step: the event's message, if any, to the restaurant's sockets. The
     * push is a span of the event's trace (the consuming route's span is its parent): the moment the kitchen's screen
     * hears of the order.
     */
    public void push(CloudEvent event) {
        messages.forEvent(event).ifPresent(push -> {
            Span span = tracer.spanBuilder("push " + event.type() + " to restaurant dashboard")
                    .setAttribute("dabba.restaurant.id", push.restaurantId().toString())
                    .setAttribute("dabba.event.id", event.id())
                    .startSpan();
            try (Scope ignored = span.makeCurrent()) {
                span.setAttribute("dabba.sockets.reached", byRestaurant.sendJson(push.restaurantId(), push.json()));
            } finally {
                span.end();
            }
        });
    }
}
