package org.dabba.delivery;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.sockets.LocalSockets;
import org.dabba.platform.sockets.SocketRelay;

/**
 * The couriers' sockets ({@code /ws/couriers/me}), by courier, and the one way to send to them. A courier's socket
 * is open on one instance and matching runs on another, so a message goes out through the {@link SocketRelay} and
 * the instance holding the socket delivers it. Sending never waits and never throws: a closed socket is skipped
 * (the courier sees offers in no other way, so an offer to a courier without a socket simply runs out).
 */
@ApplicationScoped
public class CourierSockets {

    static final String TOPIC = "courier";

    private final LocalSockets<UUID> here;
    private final SocketRelay relay;

    @Inject
    CourierSockets(SocketRelay relay) {
        this.here = relay.sockets(TOPIC);
        this.relay = relay;
    }

    void opened(UUID courierId, WebSocketConnection connection) {
        here.opened(courierId, connection);
    }

    void closed(UUID courierId, WebSocketConnection connection) {
        here.closed(courierId, connection);
    }

    /** Sends {@code message} as JSON to the courier's sockets, on whichever instance they are open. */
    public void send(UUID courierId, Object message) {
        relay.publish(TOPIC, courierId, message);
    }

    /** A reply on the socket the courier wrote to. */
    String json(Object message) {
        return here.json(message);
    }
}
