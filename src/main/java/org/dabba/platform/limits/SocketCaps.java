package org.dabba.platform.limits;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Revocations.SessionsEnded;
import org.dabba.platform.security.SocketAccess;
import org.dabba.platform.sockets.SocketWrites;
import org.jboss.logging.Logger;

/**
 * How many sockets of one kind one user may hold open on this instance. One beyond the cap closes the user's oldest
 * (1008 {@code too-many-connections}) rather than refusing the new one: a phone that lost its network reconnects
 * before the server has noticed its old socket is dead.
 *
 * <p>A socket lives no longer than the token that opened it: it closes (1008 {@code token-expired}) when that token
 * expires, and when its session ends (1008 with the reason, e.g. {@code session-ended}) on any instance.
 */
@ApplicationScoped
public class SocketCaps {

    private static final Logger LOG = Logger.getLogger(SocketCaps.class);

    static final CloseReason TOO_MANY = new CloseReason(1008, "too-many-connections");
    static final CloseReason TOKEN_EXPIRED = new CloseReason(1008, "token-expired");

    public enum Kind {
        COURIER, CUSTOMER_ORDER, RESTAURANT_DASHBOARD
    }

    private record Holder(Kind kind, UUID userId) {
    }

    /** Each user's open sockets of a kind, oldest first. */
    private final Map<Holder, Deque<WebSocketConnection>> open = new ConcurrentHashMap<>();

    /** The close timer of each open socket, by connection id: set at the token's expiry. */
    private final Map<String, Long> expiries = new ConcurrentHashMap<>();

    @Inject
    LimitsConfig config;

    @Inject
    Vertx vertx;

    /** Counts a socket just opened; closes the user's oldest beyond the cap, and this one when its token expires. */
    public void opened(Kind kind, UUID userId, WebSocketConnection connection) {
        closeAtExpiry(connection);
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
            close(oldest, TOO_MANY);
        }
    }

    public void closed(Kind kind, UUID userId, WebSocketConnection connection) {
        Long timer = expiries.remove(connection.id());
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
        open.computeIfPresent(new Holder(kind, userId), (holder, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }

    /** Closes this instance's sockets of the sessions that ended: one session's, or all of a user's. */
    void sessionsEnded(@Observes SessionsEnded ended) {
        CloseReason reason = new CloseReason(1008, ended.reason());
        List<WebSocketConnection> ending = new ArrayList<>();
        for (Holder holder : open.keySet()) {
            if (holder.userId().equals(ended.userId())) {
                // Read under the map's lock for this holder, as opened and closed change the deque under it.
                open.computeIfPresent(holder, (h, connections) -> {
                    connections.stream().filter(c -> ended.sessionId() == null
                            || ended.sessionId().equals(caller(c).map(Caller::sessionId).orElse(null)))
                            .forEach(ending::add);
                    return connections;
                });
            }
        }
        for (WebSocketConnection connection : ending) {
            LOG.debugf("Closing socket %s of %s: %s", connection.id(), ended.userId(), ended.reason());
            close(connection, reason);
        }
    }

    private void closeAtExpiry(WebSocketConnection connection) {
        Instant expiresAt = caller(connection).map(Caller::expiresAt).orElse(null);
        if (expiresAt == null) {
            return;
        }
        long delay = Math.max(1, expiresAt.toEpochMilli() - System.currentTimeMillis());
        long timer = vertx.setTimer(delay, id -> {
            expiries.remove(connection.id());
            LOG.debugf("Closing socket %s: its token expired", connection.id());
            close(connection, TOKEN_EXPIRED);
        });
        expiries.put(connection.id(), timer);
    }

    private static Optional<Caller> caller(WebSocketConnection connection) {
        return Optional.ofNullable(connection.userData().get(SocketAccess.CALLER));
    }

    private static void close(WebSocketConnection connection, CloseReason reason) {
        if (connection.isOpen()) {
            SocketWrites.close(connection, reason);
        }
    }

    private int cap(Kind kind) {
        return switch (kind) {
            case COURIER -> config.sockets().courier();
            case CUSTOMER_ORDER -> config.sockets().customerOrder();
            case RESTAURANT_DASHBOARD -> config.sockets().restaurantDashboard();
        };
    }
}
