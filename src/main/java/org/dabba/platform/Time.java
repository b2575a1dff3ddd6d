package org.dabba.platform;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Dabba's clock: UTC instants at PostgreSQL's precision, so what is answered equals what is stored. */
public final class Time {

    private Time() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
