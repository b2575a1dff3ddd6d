package org.dabba.restaurant;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** How order events are delivered to restaurants' POS webhooks ({@code dabba.pos.*}). */
@ConfigMapping(prefix = "dabba.pos")
public interface PosConfig {

    /** Milliseconds between two looks for due deliveries. */
    @Min(10)
    long pollInterval();

    /** How many due deliveries one look claims; they are sent in parallel. */
    @Min(1) @Max(100)
    int batchSize();

    /** Attempts before a delivery is DEAD (the first one included). */
    @Min(1) @Max(100)
    int maxAttempts();

    /** The wait after the first failed attempt; each further one waits twice as long, up to the maximum. */
    Duration retryDelay();

    Duration retryMaxDelay();

    /** How long one POST may take: to get a connection, to connect, and for the answer. */
    Duration timeout();

    /** Whether a POS URL must be https (prod); otherwise http is accepted too (local development, tests). */
    boolean requireHttps();

    /**
     * Whether a POS URL may point to a loopback, private, link-local or unique-local address (local development,
     * tests); in prod it may not, checked at registration and before every send.
     */
    boolean allowPrivateAddresses();

    /** How long a DELIVERED delivery is kept (listed to its owner, and what makes a redelivered event a no-op). */
    Duration retention();
}
