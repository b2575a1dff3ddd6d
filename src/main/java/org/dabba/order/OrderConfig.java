package org.dabba.order;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Min;
import java.time.Duration;

/** Fulfilment timings: the restaurant's decision, the refund retries, the popularity refresh, the prep estimate. */
@ConfigMapping(prefix = "dabba.orders")
public interface OrderConfig {

    /** How long a paid order waits for the restaurant's decision before it is rejected ({@code restaurant-timeout}). */
    Duration acceptanceTimeout();

    /** Milliseconds between two runs of the {@code order-acceptance-timeout} route. */
    @Min(100)
    long acceptanceCheckInterval();

    Refund refund();

    Popularity popularity();

    PrepEstimateSettings prepEstimate();

    interface Refund {
        /** The wait after the first failed attempt; each further failure doubles it, up to {@link #retryMaxDelay()}. */
        Duration retryDelay();

        /** The longest wait between two attempts: a refund is never given up, only retried less often. */
        Duration retryMaxDelay();

        /** After this many failed attempts the refund is logged as an ERROR (once) and flagged in GET /admin/refunds. */
        @Min(1)
        int alertAfterAttempts();

        /** Milliseconds between two looks for due refunds ({@code order-refund-retry}). */
        @Min(100)
        long pollInterval();
    }

    interface Popularity {
        /** Orders placed this long ago or later that were delivered count towards the score. */
        Duration window();

        /** Milliseconds between two runs of {@code restaurant-popularity-refresh}. */
        @Min(1000)
        long refreshInterval();
    }

    /** The restaurant's measured preparation time ({@link PrepEstimate}). */
    interface PrepEstimateSettings {
        /** The latest this many accepted-to-picked-up intervals make the median. */
        @Min(1)
        int samples();

        /** Below this many intervals the owner's declared preparation time stands. */
        @Min(1)
        int minSamples();
    }
}
