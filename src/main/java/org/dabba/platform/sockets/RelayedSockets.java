package org.dabba.platform.sockets;

import io.quarkus.websockets.next.WebSocketConnection;
import java.util.UUID;

/**
 * One audience's sockets ({@code courier}, {@code order}) on this instance, by key, and the two ways to reach them:
 * here only, for a consumer that runs on every instance, or wherever they are open, through the {@link SocketRelay},
 * for a message that starts on one instance. Sending never waits and never throws: a closed socket is skipped.
 */
public abstract class RelayedSockets {

    private final String topic;
    private final LocalSockets<UUID> here;
    private final SocketRelay relay;

    protected RelayedSockets(SocketRelay relay, String topic) {
        this.topic = topic;
        this.here = relay.sockets(topic);
        this.relay = relay;
    }

    public void opened(UUID key, WebSocketConnection connection) {
        here.opened(key, connection);
    }

    public void closed(UUID key, WebSocketConnection connection) {
        here.closed(key, connection);
    }

    /** Sends {@code message} as JSON to the sockets of {@code key} open on this instance. */
    public void sendHere(UUID key, Object message) {
        here.send(key, message);
    }

    /** Sends {@code message} as JSON to the sockets of {@code key} on every instance. */
    public void sendEverywhere(UUID key, Object message) {
        relay.publish(topic, key, message);
    }

    /** A reply on the socket the client wrote to. */
    public String json(Object message) {
        return here.json(message);
    }
}
