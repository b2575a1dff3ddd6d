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

    /**
     * How long a checkout may hold a cart before a customer meeting the lock has it looked into: unlocked when no
     * live order holds it (the checkout died), cleared when its order was paid. Longer than any checkout takes.
     */
    Duration lockTimeout();

    /** Distinct lines one cart may hold, so that no cart grows without bound. */
    int maxLines();
}
