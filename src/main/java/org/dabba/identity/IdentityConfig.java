package org.dabba.identity;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "dabba.identity")
public interface IdentityConfig {

    /** The bootstrap admin, created at start if absent. */
    String adminEmail();

    String adminPassword();

    /** False in prod: the app refuses to start with the well-known default admin password. */
    boolean allowDefaultAdminPassword();

    /** The {@code iss} of issued tokens; must equal mp.jwt.verify.issuer. */
    String tokenIssuer();

    /** How long an access token is good for; also how long a revocation is remembered in Redis. */
    Duration tokenLifetime();

    /** How long a login's session (refresh-token family) lasts, counted from the login (absolute, not sliding). */
    Duration refreshLifetime();

    /** How long a request waits for Redis to check revoked sessions before passing unchecked (fail open). */
    Duration revocationTimeout();

    /**
     * How many verified access tokens an instance remembers, so that a token's signature is checked once per
     * instance, not once per request; 0 checks every request.
     */
    int verifiedTokens();

    /** bcrypt work factor; 10 or more in production. */
    int bcryptCost();

    /** Proving an email or phone with a one-time code. */
    Verification verification();

    interface Verification {
        /** How long a code sent to an address is good for. */
        Duration codeTtl();
    }
}
