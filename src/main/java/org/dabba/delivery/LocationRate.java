package org.dabba.delivery;

import java.util.concurrent.TimeUnit;

/**
 * One courier socket's budget of location messages: up to {@code perSecond} at once, refilled at {@code perSecond}
 * a second (a token bucket). A phone sending faster than that gains nothing (positions a few hundred ms apart move
 * no offer and no map) and would cost a Redis script run each. Kept on the connection: it ends with it.
 */
final class LocationRate {

    enum Verdict {
        /** Process it. */
        TAKE,
        /** Drop it and tell the courier (the first drop in a second). */
        DROP_AND_WARN,
        /** Drop it silently (already warned within the second). */
        DROP
    }

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final int perSecond;
    private double tokens;
    private long last;
    private long lastWarning;

    LocationRate(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.tokens = perSecond;
        this.last = nowNanos;
        this.lastWarning = nowNanos - SECOND;
    }

    synchronized Verdict take(long nowNanos) {
        tokens = Math.min(perSecond, tokens + (double) (nowNanos - last) * perSecond / SECOND);
        last = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return Verdict.TAKE;
        }
        if (nowNanos - lastWarning >= SECOND) {
            lastWarning = nowNanos;
            return Verdict.DROP_AND_WARN;
        }
        return Verdict.DROP;
    }
}
