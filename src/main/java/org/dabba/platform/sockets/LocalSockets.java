package org.dabba.platform.sockets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The WebSocket connections open on this instance, by what they follow (an order, a courier, ...), and the one way
 * to send to them: the message is written as JSON once, every send is asynchronous and never throws, a closed or
 * broken connection is dropped and the others still get it, a slow reader is closed ({@link SocketWrites}). Sessions are local: a feature's per-instance event
 * consumer, or the {@link SocketRelay}, is what makes a message reach every instance.
 */
public final class LocalSockets<K> {

    private final Map<K, Set<WebSocketConnection>> byKey = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final SocketWrites writes;

    public LocalSockets(ObjectMapper mapper, SocketWrites writes) {
        this.mapper = mapper;
        this.writes = writes;
    }

    public void opened(K key, WebSocketConnection connection) {
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    public void closed(K key, WebSocketConnection connection) {
        byKey.computeIfPresent(key, (k, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** Sends {@code message} as JSON to every connection of {@code key} here; how many it was handed to. */
    public int send(K key, Object message) {
        Set<WebSocketConnection> connections = byKey.get(key);
        if (connections == null || connections.isEmpty()) {
            return 0;
        }
        return sendJson(key, json(message));
    }

    /** Sends a message already written as JSON to every connection of {@code key} here. */
    public int sendJson(K key, String json) {
        Set<WebSocketConnection> connections = byKey.get(key);
        if (connections == null || connections.isEmpty()) {
            return 0;
        }
        int sent = 0;
        for (WebSocketConnection connection : connections) {
            if (!connection.isOpen()) {
                closed(key, connection);
                continue;
            }
            if (writes.send(connection, json)) {
                sent++;
            }
        }
        return sent;
    }

    public String json(Object message) {
        try {
            return mapper.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not writable as JSON: " + message, e);
        }
    }
}
