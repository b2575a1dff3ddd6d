package org.dabba.platform.sockets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps one socket's messages from taking its event loop, or the heap, from everyone else. websockets-next queues
 * every frame a read brings as a task on the event loop, so a fast client's queue would grow until the heap is gone.
 * So each message pauses reading its socket until the messages already read have been handled, and a socket sending
 * more than {@code dabba.sockets.max-inbound-per-second} is not read again until its next second (counted in
 * {@code dabba.sockets.paused}). The frames wait in TCP buffers, not in the heap.
 *
 * <p>websockets-next has no public pause, so the Vert.x socket is reached by reflection; should Quarkus move it,
 * pacing is off (logged once) and the rate limits per message kind still apply.
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

    /** This socket's current second (when it began, how many messages came in it) and whether reading is paused. */
    private static final class Window {
        final WebSocketBase socket;
        long start;
        int count;
        boolean paused;

        Window(WebSocketBase socket, long start) {
            this.socket = socket;
            this.start = start;
        }

        void resume() {
            paused = false;
            socket.resume();
        }
    }

    /**
     * Counts a message of {@code connection} (on its event loop) and pauses reading the socket until the messages
     * already read have been handled (a resume queued behind them), or past the cap until its next second.
     */
    public void received(WebSocketConnection connection) {
        Window w = connection.userData().get(WINDOW);
        long now = System.nanoTime();
        if (w == null) {
            WebSocketBase socket = socket(connection);
            if (socket == null) {
                return;
            }
            w = new Window(socket, now);
            connection.userData().put(WINDOW, w);
        }
        if (now - w.start >= SECOND) {
            w.start = now;
            w.count = 0;
        }
        w.count++;
        if (w.paused) {
            return;
        }
        w.paused = true;
        w.socket.pause();
        Window window = w;
        if (w.count >= config.maxInboundPerSecond()) {
            counter().increment();
            long resumeInMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(SECOND - (now - w.start)));
            vertx.setTimer(resumeInMs, id -> window.resume());
        } else {
            Context context = Vertx.currentContext();
            if (context != null) {
                context.runOnContext(v -> window.resume());
            } else {
                window.resume();
            }
        }
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
