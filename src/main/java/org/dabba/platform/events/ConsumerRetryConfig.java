package org.dabba.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code dabba.consumers.retry.*}: how every event consumer retries a failing event before it becomes a dead letter
 * (the {@code event-consumers} route configuration).
 */
@ConfigMapping(prefix = "dabba.consumers.retry")
public interface ConsumerRetryConfig {

    /** Tries after the first before the event is parked in {@code dead_letters}. */
    @WithDefault("5")
    int maxRedeliveries();

    /** First delay between tries (ms); it grows by {@link #multiplier()} each time. */
    @WithDefault("200")
    long redeliveryDelay();

    /** The longest delay between two tries (ms). */
    @WithDefault("10000")
    long maxRedeliveryDelay();

    @WithDefault("2")
    double multiplier();
}
