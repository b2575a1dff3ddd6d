package org.dabba.cart;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "dabba.cart")
public interface CartConfig {

    /** How long an idle cart lives: the Redis TTL, restarted by every change. */
    Duration ttl();

    /** How long a cart operation waits for Redis before answering 503; Redis being away must not hang requests. */
    Duration redisTimeout();

    /** ISO 4217 code of the menu's prices, shown on every cart. */
    String currency();

    /** How long checkout may hold a cart before a customer meeting the lock has it looked into. */
    Duration lockTimeout();

    /** Distinct lines one cart may hold, so that no cart grows without bound. */
    int maxLines();
}
