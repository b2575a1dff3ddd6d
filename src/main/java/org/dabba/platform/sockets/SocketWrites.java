package org.dabba.platform.sockets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The one way to write to a socket without letting a slow reader make the server buffer for it without bound: each
 * socket's messages handed to Vert.x and not yet written are counted, and a socket with {@code max-unsent} of them is
 * closed (1013) instead of queueing more. Counted in {@code dabba.sockets.slow-readers} (sockets closed) and
 * {@code dabba.sockets.unsent} (messages not written because of it). Never waits, never throws.
 */
@ApplicationScoped
public class SocketWrites {

    private static final Logger LOG = Logger.getLogger(SocketWrites.class);
    private static final UserData.TypedKey<AtomicInteger> UNSENT = new UserData.TypedKey<>("dabba.unsent");
    public static final CloseReason TOO_SLOW = new CloseReason(1013, "Reading too slowly; reconnect");

    private final int maxUnsent;
    private final Counter slowReaders;
    private final Counter dropped;

    @Inject
    public SocketWrites(SocketsConfig config, MeterRegistry registry) {
        this.maxUnsent = config.maxUnsent();
        this.slowReaders = Counter.builder("dabba.sockets.slow-readers")
                .description("Sockets closed because they read slower than they were sent to").register(registry);
        this.dropped = Counter.builder("dabba.sockets.unsent")
                .description("Socket messages not written because their reader was too slow").register(registry);
    }

    /** Writes {@code json} to {@code connection}; false when it was not handed over (closed, or closed now as slow). */
    public boolean send(WebSocketConnection connection, String json) {
        if (!connection.isOpen()) {
            return false;
        }
        AtomicInteger unsent = unsent(connection);
        if (unsent.incrementAndGet() > maxUnsent) {
            unsent.decrementAndGet();
            dropped.increment();
            if (connection.userData().put(CLOSING, Boolean.TRUE) == null) {
                slowReaders.increment();
                LOG.debugf("Socket %s reads too slowly (%d messages unsent): closed", connection.id(), maxUnsent);
                close(connection, TOO_SLOW);
            }
            return false;
        }
        try {
            connection.sendText(json).subscribe().with(ok -> unsent.decrementAndGet(), failure -> {
                unsent.decrementAndGet();
                LOG.debugf("Message to socket %s not sent: %s", connection.id(), failure);
            });
            return true;
        } catch (RuntimeException e) {
            unsent.decrementAndGet();
            LOG.debugf("Message to socket %s not sent: %s", connection.id(), e);
            return false;
        }
    }

    /** Closes the socket without waiting; a failure to close is only logged. */
    public static void close(WebSocketConnection connection, CloseReason reason) {
        connection.close(reason).subscribe().with(ok -> {
        }, e -> LOG.debugf("Closing socket %s: %s", connection.id(), e));
    }

    private static final UserData.TypedKey<Boolean> CLOSING = new UserData.TypedKey<>("dabba.closing-slow");

    private static AtomicInteger unsent(WebSocketConnection connection) {
        AtomicInteger unsent = connection.userData().get(UNSENT);
        if (unsent == null) {
            synchronized (connection) {
                unsent = connection.userData().get(UNSENT);
                if (unsent == null) {
                    unsent = new AtomicInteger();
                    connection.userData().put(UNSENT, unsent);
                }
            }
        }
        return unsent;
    }
}
