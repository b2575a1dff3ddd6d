package org.dabba.platform.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.atomic.AtomicInteger;
import org.dabba.platform.error.HttpProblemHandlers;
import org.dabba.platform.error.Problem;

/**
 * The HTTP side of overload: beyond {@code dabba.overload.max-in-flight-requests} requests at once, one more is
 * answered 503 {@code overloaded} with {@code Retry-After} before authentication or any route runs, so a burst
 * costs a short answer instead of queues of workers and connections. Health probes ({@code /q/*}) pass, so a busy
 * instance is not restarted, and so do WebSocket handshakes ({@code /ws/*}).
 */
@ApplicationScoped
public class InFlightLimit {

    /** Right after the declared-length check of {@link HttpProblemHandlers}, before security and the routes. */
    static final int ORDER = Integer.MIN_VALUE + 1;

    @Inject
    OverloadConfig config;

    @Inject
    MeterRegistry registry;

    void install(@Observes Router router) {
        Counter refused = Counter.builder("dabba.http.overloaded")
                .description("HTTP requests refused with 503 because too many were in flight").register(registry);
        router.route().order(ORDER).handler(new Gate(config.maxInFlightRequests(),
                Math.max(1, config.retryAfter().toSeconds()), refused));
    }

    /** The filter itself, apart from CDI so that it can be tried on a bare Vert.x router. */
    public static final class Gate implements Handler<RoutingContext> {

        private final int max;
        private final long retryAfterSeconds;
        private final Counter refused;
        private final AtomicInteger inFlight = new AtomicInteger();

        public Gate(int max, long retryAfterSeconds, Counter refused) {
            this.max = max;
            this.retryAfterSeconds = retryAfterSeconds;
            this.refused = refused;
        }

        @Override
        public void handle(RoutingContext ctx) {
            String path = ctx.request().path();
            if (path == null || path.startsWith("/q/") || path.startsWith("/ws/")) {
                ctx.next();
                return;
            }
            if (inFlight.incrementAndGet() > max) {
                inFlight.decrementAndGet();
                refused.increment();
                ctx.response().putHeader("Retry-After", String.valueOf(retryAfterSeconds));
                HttpProblemHandlers.answer(ctx, new Problem("overloaded", "Overloaded", 503,
                        "Too many requests are being processed right now; try again in " + retryAfterSeconds
                                + " s", null));
                return;
            }
            ctx.addEndHandler(done -> inFlight.decrementAndGet());
            ctx.next();
        }

        /** Requests being processed now. */
        public int inFlight() {
            return inFlight.get();
        }
    }
}
