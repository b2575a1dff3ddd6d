package org.dabba.platform.limits;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * How many sockets of one kind one user may hold open on this instance. A connection beyond the cap closes the
 * user's oldest (close code 1008, reason {@code too-many-connections}) rather than refusing the new one: a phone
 * that lost its network reconnects before the server has noticed its old socket is dead, and must not be locked
 * out by it. Per instance and in memory: a socket lives on one instance, and its count ends with it.
 */
@ApplicationScoped
public class SocketCaps {

    private static final Logger LOG = Logger.getLogger(SocketCaps.class);

    static final CloseReason TOO_MANY = new CloseReason(1008, "too-many-connections");

    public enum Kind {
        COURIER, CUSTOMER_ORDER, RESTAURANT_DASHBOARD
    }

    private record Holder(Kind kind, UUID userId) {
    }

    /** Each user's open sockets of a kind, oldest first. */
    private final Map<Holder, Deque<WebSocketConnection>> open = new ConcurrentHashMap<>();

    @Inject
    LimitsConfig config;

    /** Counts a socket just opened; closes the user's oldest ones of this kind beyond the cap. */
    public void opened(Kind kind, UUID userId, WebSocketConnection connection) {
        int cap = cap(kind);
        List<WebSocketConnection> over = new ArrayList<>();
        open.compute(new Holder(kind, userId), (holder, connections) -> {
            Deque<WebSocketConnection> all = connections == null ? new ArrayDeque<>() : connections;
            all.addLast(connection);
            while (all.size() > cap) {
                over.add(all.removeFirst());
            }
            return all;
        });
        for (WebSocketConnection oldest : over) {
            LOG.debugf("Closing socket %s of %s: over the cap of %d %s sockets", oldest.id(), userId, cap, kind);
            oldest.close(TOO_MANY).subscribe().with(closed -> {
            }, failure -> LOG.debugf("Socket %s did not close cleanly: %s", oldest.id(), failure));
        }
    }

    public void closed(Kind kind, UUID userId, WebSocketConnection connection) {
        open.computeIfPresent(new Holder(kind, userId), (holder, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    private int cap(Kind kind) {
        return switch (kind) {
            case COURIER -> config.sockets().courier();
            case CUSTOMER_ORDER -> config.sockets().customerOrder();
            case RESTAURANT_DASHBOARD -> config.sockets().restaurantDashboard();
        };
    }
}
