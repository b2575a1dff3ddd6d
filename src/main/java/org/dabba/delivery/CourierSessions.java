package org.dabba.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.sockets.LocalSockets;

/**
 * The couriers' sockets open on this instance ({@code /ws/couriers/me}), by courier, and the one way to send to
 * them. Sending never waits and never throws: a closed socket is skipped (the courier also sees offers in no other
 * way, so an offer to a courier without a socket simply runs out).
 */
@ApplicationScoped
public class CourierSessions {

    private final LocalSockets<UUID> byCourier;

    @Inject
    CourierSessions(ObjectMapper mapper) {
        this.byCourier = new LocalSockets<>(mapper);
    }

    void opened(UUID courierId, WebSocketConnection connection) {
        byCourier.opened(courierId, connection);
    }

    void closed(UUID courierId, WebSocketConnection connection) {
        byCourier.closed(courierId, connection);
    }

    /** Sends {@code message} as JSON to the courier's sockets here; how many it was handed to. */
    public int send(UUID courierId, Object message) {
        return byCourier.send(courierId, message);
    }

    String json(Object message) {
        return byCourier.json(message);
    }
}
