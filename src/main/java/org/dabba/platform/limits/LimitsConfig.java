package org.dabba.platform.limits;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * What one client may ask for ({@code dabba.limits.*}). Each request budget is "at most N per window", refilled
 * evenly over the window (so N at once, then one every window / N); its state is in Redis, shared by every instance.
 * Socket caps and the courier's location rate are per instance and per connection, in memory.
 */
@ConfigMapping(prefix = "dabba.limits")
public interface LimitsConfig {

    /** How long a request waits for Redis to count it before passing uncounted (fail open). */
    Duration redisTimeout();

    Login login();

    PerAddress signup();

    /** Checkout summaries and checkouts that carry a promotion code (guessing codes). */
    PerCustomer promo();

    PerAddress search();

    /** {@code POST /orders/checkout}. */
    PerCustomer checkout();

    /** Verification codes sent ({@code POST /me/verifications}), per user and channel. */
    PerUser verification();

    Sockets sockets();

    CourierLocations courierLocations();

    interface Login {
        /** Login attempts per account (its email, normalised), per window. */
        @Positive
        int perAccount();

        /** Login attempts per client address, per window. */
        @Positive
        int perAddress();

        Duration window();

        Lockout lockout();
    }

    /** Wrong passwords lock the account: every {@code afterFailures} of them, for twice as long as the last time. */
    interface Lockout {
        @Positive
        int afterFailures();

        /** The first lockout; each next one doubles, up to {@code max}. */
        Duration first();

        Duration max();

        /** How long failures and past lockouts are remembered after the last failure (a success forgets them). */
        Duration memory();
    }

    interface PerAddress {
        @Positive
        int perAddress();

        Duration window();
    }

    interface PerCustomer {
        @Positive
        int perCustomer();

        Duration window();
    }

    interface PerUser {
        @Positive
        int perUser();

        Duration window();
    }

    /** Open WebSocket connections per user on one instance; a new one beyond the cap closes that user's oldest. */
    interface Sockets {
        @Positive
        int courier();

        @Positive
        int customerOrder();

        @Positive
        int restaurantDashboard();
    }

    interface CourierLocations {
        /** Location messages per second on one courier socket (up to this many at once); more are dropped. */
        @Positive
        int perSecond();
    }
}
