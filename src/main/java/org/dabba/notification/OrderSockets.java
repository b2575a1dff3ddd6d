package org.dabba.notification;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The customers' open order sockets on this instance ({@code /ws/orders/{orderId}}), by order, and the one way to
 * push to them. Other features push their own messages to an order's sockets with {@link #pushToOrder} (the courier
 * issue's {@code courier.location}); every message is a JSON object with a {@code type}.
 */
@ApplicationScoped
public class OrderSockets {

    private static final Logger LOG = Logger.getLogger(OrderSockets.class);

    private final Map<UUID, Set<WebSocketConnection>> byOrder = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    void opened(UUID orderId, WebSocketConnection connection) {
        byOrder.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void closed(UUID orderId, WebSocketConnection connection) {
        byOrder.computeIfPresent(orderId, (id, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /**
     * Sends {@code message} (serialized as JSON once) to every socket open on this instance for {@code orderId}.
     * Sends are asynchronous and never throw: a broken socket is logged and dropped, the others still get it.
     *
     * @return how many sockets it was handed to
     */
    public int pushToOrder(UUID orderId, Object message) {
        Set<WebSocketConnection> connections = byOrder.get(orderId);
        if (connections == null || connections.isEmpty()) {
            return 0;
        }
        String json;
        try {
            json = mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + message, e);
        }
        int sent = 0;
        for (WebSocketConnection connection : connections) {
            if (!connection.isOpen()) {
                closed(orderId, connection);
                continue;
            }
            try {
                connection.sendText(json).subscribe().with(ok -> {
                }, failure -> LOG.debugf("Push to socket %s of order %s failed: %s", connection.id(), orderId,
                        failure.toString()));
                sent++;
            } catch (RuntimeException e) {
                LOG.debugf("Push to socket %s of order %s failed: %s", connection.id(), orderId, e.toString());
                closed(orderId, connection);
            }
        }
        return sent;
    }
}
