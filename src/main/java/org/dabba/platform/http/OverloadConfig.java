package org.dabba.platform.http;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/** How much HTTP work one instance takes on at once ({@code dabba.overload.*}); the rest is refused with 503. */
@ConfigMapping(prefix = "dabba.overload")
public interface OverloadConfig {

    /** Requests being processed at once (arrival to answer written), at most; one more is answered 503. */
    @Positive
    int maxInFlightRequests();

    /** What a refused request's {@code Retry-After} says (whole seconds, at least 1). */
    Duration retryAfter();
}
