package org.dabba.order;

import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.sockets.SocketWrites;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The restaurant dashboards connected to this instance, by restaurant, and the fan-out of order events to them.
 * Sessions are local: every instance reads every order event (a consumer group of its own in prod) and pushes to
 * its own sockets. Sending never waits for a client: a slow one is closed once {@code dabba.sockets.max-unsent}
 * messages wait for it ({@link SocketWrites}; it reconnects to a fresh snapshot), a closed or failed one is skipped,
 * and nothing here throws into the consuming route.
 */
@ApplicationScoped
public class RestaurantDashboardSessions {

    private static final Logger LOG = Logger.getLogger(RestaurantDashboardSessions.class);

    private final Map<UUID, Set<Session>> byRestaurant = new ConcurrentHashMap<>();
    private final Map<String, Session> byConnection = new ConcurrentHashMap<>();

    @Inject
    RestaurantDashboardMessages messages;

    @Inject
    SocketWrites writes;

    @ConfigProperty(name = "dabba.sockets.max-unsent")
    int maxUnsent;

    /**
     * Registers the session, then sends the snapshot, then whatever was pushed meanwhile. Registered before the
     * snapshot is read, so no change falls between the two; held back until it is sent, so no update arrives
     * before the snapshot it follows.
     */
    void open(UUID restaurantId, WebSocketConnection connection, Supplier<String> snapshot) {
        Session session = new Session(restaurantId, connection, writes, maxUnsent);
        byConnection.put(connection.id(), session);
        byRestaurant.compute(restaurantId, (id, sessions) -> {
            Set<Session> set = sessions == null ? ConcurrentHashMap.newKeySet() : sessions;
            set.add(session);
            return set;
        });
        try {
            session.start(snapshot.get());
        } catch (RuntimeException e) {
            close(connection);
            throw e;
        }
    }

    void close(WebSocketConnection connection) {
        Session session = byConnection.remove(connection.id());
        if (session == null) {
            return;
        }
        byRestaurant.computeIfPresent(session.restaurantId, (id, sessions) -> {
            sessions.remove(session);
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** The {@code order-dashboard-push} route's step: the event's message, if any, to the restaurant's sessions. */
    public void push(CloudEvent event) {
        messages.forEvent(event).ifPresent(push -> {
            Set<Session> sessions = byRestaurant.get(push.restaurantId());
            if (sessions != null) {
                sessions.forEach(s -> s.push(push.json()));
            }
        });
    }

    private static final class Session {

        private final UUID restaurantId;
        private final WebSocketConnection connection;
        private final SocketWrites writes;
        private final int maxHeld;
        /** Live messages waiting for the snapshot; null once it is sent. */
        private List<String> held = new ArrayList<>();

        Session(UUID restaurantId, WebSocketConnection connection, SocketWrites writes, int maxHeld) {
            this.restaurantId = restaurantId;
            this.connection = connection;
            this.writes = writes;
            this.maxHeld = maxHeld;
        }

        synchronized void start(String snapshot) {
            send(snapshot);
            held.forEach(this::send);
            held = null;
        }

        synchronized void push(String json) {
            if (held != null) {
                if (held.size() < maxHeld) {
                    held.add(json);
                } else {
                    // The snapshot is taking too long to read for what comes meanwhile: let it reconnect.
                    connection.close(SocketWrites.TOO_SLOW).subscribe().with(ok -> {
                    }, e -> LOG.debugf("Closing dashboard %s: %s", connection.id(), e));
                }
            } else {
                send(json);
            }
        }

        /** Queues the frame and returns at once; messages leave in the order of these calls (one lock). */
        private void send(String json) {
            writes.send(connection, json);
        }
    }
}
