package org.dabba.platform.jobs;

import java.time.Duration;
import java.time.Instant;

/**
 * How long durable work waits after a failed attempt before the next: {@code first · 2^(failures−1)}, at most
 * {@code max}. The one backoff of refunds, POS deliveries and the sandbox's webhooks, so they behave alike and
 * a receiver that is down for an hour is tried about as often by each.
 */
public record Backoff(Duration first, Duration max) {

    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("A backoff needs 0 < first <= max, not " + first + " and " + max);
        }
    }

    /** The wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration after(int failures) {
        Duration delay = first;
        for (int i = 1; i < failures && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** When the next attempt is due, after the {@code failures}-th failure at {@code now}. */
    public Instant next(Instant now, int failures) {
        return now.plus(after(failures));
    }
}
