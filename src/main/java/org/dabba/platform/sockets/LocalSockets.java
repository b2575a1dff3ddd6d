package org.dabba.platform.sockets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.websockets.next.WebSocketConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The WebSocket connections open on this instance, by what they follow (an order, a courier, ...), and the one way
 * to send to them: written as JSON once, sent asynchronously without ever throwing, a closed connection dropped, a
 * slow reader closed ({@link SocketWrites}). A per-instance event consumer or the {@link SocketRelay} makes a
 * message reach every instance.
 */
public final class LocalSockets<K> {

    private final Map<K, Set<WebSocketConnection>> byKey = new ConcurrentHashMap<>();
    /** Sockets whose snapshot is not sent yet, with what was sent to them meanwhile. */
    private final Map<WebSocketConnection, Held> awaitingSnapshot = new ConcurrentHashMap<>();
    private final ObjectMapper mapper;
    private final SocketWrites writes;

    public LocalSockets(ObjectMapper mapper, SocketWrites writes) {
        this.mapper = mapper;
        this.writes = writes;
    }

    public void opened(K key, WebSocketConnection connection) {
        byKey.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(connection);
    }

    /**
     * Registers the socket, then sends it the snapshot, then what was sent to its key meanwhile: no change falls
     * between the two, and nothing arrives before the snapshot. More than {@code maxHeld} messages meanwhile close
     * the socket ({@link SocketWrites#TOO_SLOW}: it reconnects to a fresh snapshot).
     */
    public void opened(K key, WebSocketConnection connection, Supplier<String> snapshotJson, int maxHeld) {
        Held held = new Held(connection, maxHeld);
        awaitingSnapshot.put(connection, held);
        opened(key, connection);
        try {
            held.release(snapshotJson.get());
        } catch (RuntimeException e) {
            closed(key, connection);
            throw e;
        } finally {
            awaitingSnapshot.remove(connection);
        }
    }

    public void closed(K key, WebSocketConnection connection) {
        awaitingSnapshot.remove(connection);
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
            Held held = awaitingSnapshot.get(connection);
            if (held != null && held.hold(json)) {
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

    /** A socket's messages while its snapshot is read; one lock, so they leave in order after it. */
    private final class Held {

        private final WebSocketConnection connection;
        private final int max;
        /** Null once the snapshot is sent. */
        private List<String> messages = new ArrayList<>();

        Held(WebSocketConnection connection, int max) {
            this.connection = connection;
            this.max = max;
        }

        synchronized void release(String snapshot) {
            writes.send(connection, snapshot);
            messages.forEach(json -> writes.send(connection, json));
            messages = null;
        }

        /** False once the snapshot is sent: then the message goes straight out. */
        synchronized boolean hold(String json) {
            if (messages == null) {
                return false;
            }
            if (messages.size() < max) {
                messages.add(json);
            } else {
                // The snapshot is taking too long to read for what comes meanwhile: let it reconnect.
                SocketWrites.close(connection, SocketWrites.TOO_SLOW);
            }
            return true;
        }
    }
}
