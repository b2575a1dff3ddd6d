package org.dabba.platform.sockets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps one socket's messages from taking its event loop from everyone else: a socket sending more than
 * {@code dabba.sockets.max-inbound-per-second} messages has its reading paused until its next second begins. Nothing
 * is lost: the frames wait in the client's TCP buffers (the client's sends slow down), not in the server's heap, and
 * are read when the second turns. Without it a client sending as fast as it can keeps an event loop decoding its
 * frames, and the HTTP requests and Redis answers on that loop wait for seconds. Counted in
 * {@code dabba.sockets.paused}.
 *
 * <p>websockets-next has no public pause, so the connection's Vert.x socket is reached by reflection; should a
 * Quarkus version move it, pacing is off (logged once) and the rate limits per message kind still apply.
 */
@ApplicationScoped
public class InboundPacing {

    private static final Logger LOG = Logger.getLogger(InboundPacing.class);
    private static final UserData.TypedKey<Window> WINDOW = new UserData.TypedKey<>("dabba.inbound-window");
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Method WEB_SOCKET = webSocketAccessor();

    @Inject
    SocketsConfig config;

    @Inject
    Vertx vertx;

    @Inject
    MeterRegistry registry;

    private volatile Counter paused;

    /** This socket's current second: when it began and how many messages came in it. */
    private static final class Window {
        long start;
        int count;
    }

    /** Counts a message of {@code connection} (on its event loop); past the cap, pauses reading until the next second. */
    public void received(WebSocketConnection connection) {
        Window w = connection.userData().get(WINDOW);
        long now = System.nanoTime();
        if (w == null) {
            w = new Window();
            w.start = now;
            connection.userData().put(WINDOW, w);
        }
        if (now - w.start >= SECOND) {
            w.start = now;
            w.count = 0;
        }
        if (++w.count < config.maxInboundPerSecond()) {
            return;
        }
        WebSocketBase socket = socket(connection);
        if (socket == null) {
            return;
        }
        long resumeInMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(SECOND - (now - w.start)));
        counter().increment();
        socket.pause();
        vertx.setTimer(resumeInMs, id -> socket.resume());
    }

    private Counter counter() {
        Counter c = paused;
        if (c == null) {
            c = paused = Counter.builder("dabba.sockets.paused")
                    .description("Times a socket's reading was paused for sending too many messages a second")
                    .register(registry);
        }
        return c;
    }

    private static WebSocketBase socket(WebSocketConnection connection) {
        if (WEB_SOCKET == null || !WEB_SOCKET.getDeclaringClass().isInstance(connection)) {
            return null;
        }
        try {
            return (WebSocketBase) WEB_SOCKET.invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Method webSocketAccessor() {
        try {
            Method m = Class.forName("io.quarkus.websockets.next.runtime.WebSocketConnectionBase")
                    .getDeclaredMethod("webSocket");
            m.setAccessible(true);
            return m;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("Socket pacing is off: this Quarkus hides the connection's socket (%s)", e.toString());
            return null;
        }
    }
}
