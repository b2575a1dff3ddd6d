package org.dabba.platform.http;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/** How much HTTP work one instance takes on at once ({@code dabba.overload.*}); the rest is refused with 503. */
@ConfigMapping(prefix = "dabba.overload")
public interface OverloadConfig {

    /**
     * Requests being processed at once (from when they arrive to when their answer is written), at most; a request
     * beyond it is answered 503 at once instead of waiting in a queue for a worker, Redis or PostgreSQL. Health
     * probes and WebSocket handshakes are not counted.
     */
    @Positive
    int maxInFlightRequests();

    /** What a refused request's {@code Retry-After} says (whole seconds, at least 1). */
    Duration retryAfter();
}
