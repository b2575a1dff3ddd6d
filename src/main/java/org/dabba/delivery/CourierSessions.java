package org.dabba.delivery;

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
 * The couriers' sockets open on this instance ({@code /ws/couriers/me}), by courier, and the one way to send to
 * them. Sending never waits and never throws: a closed socket is skipped (the courier also sees offers in no other
 * way, so an offer to a courier without a socket simply runs out).
 */
@ApplicationScoped
public class CourierSessions {

    private static final Logger LOG = Logger.getLogger(CourierSessions.class);

    private final Map<UUID, Set<WebSocketConnection>> byCourier = new ConcurrentHashMap<>();

    @Inject
    ObjectMapper mapper;

    void opened(UUID courierId, WebSocketConnection connection) {
        byCourier.computeIfAbsent(courierId, id -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    void closed(UUID courierId, WebSocketConnection connection) {
        byCourier.computeIfPresent(courierId, (id, set) -> {
            set.remove(connection);
            return set.isEmpty() ? null : set;
        });
    }

    /** Sends {@code message} as JSON to the courier's sockets here; how many it was handed to. */
    public int send(UUID courierId, Object message) {
        Set<WebSocketConnection> connections = byCourier.get(courierId);
        if (connections == null) {
            return 0;
        }
        String json = json(message);
        int sent = 0;
        for (WebSocketConnection c : connections) {
            if (!c.isOpen()) {
                closed(courierId, c);
                continue;
            }
            try {
                c.sendText(json).subscribe().with(ok -> {
                }, failure -> LOG.debugf("Courier message to %s not sent: %s", c.id(), failure));
                sent++;
            } catch (RuntimeException e) {
                LOG.debugf("Courier message to %s not sent: %s", c.id(), e);
            }
        }
        return sent;
    }

    String json(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + message, e);
        }
    }
}
