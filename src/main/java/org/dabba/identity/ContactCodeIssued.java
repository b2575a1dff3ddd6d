package org.dabba.identity;

import java.time.Instant;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.ContactChannel;

/**
 * A one-time code to prove {@code address} (an email or a phone) was made: fired synchronously in the code's
 * transaction, so that the message carrying it (notifications send it through that very channel) is planned with
 * the code or neither is.
 */
public record ContactCodeIssued(UUID userId, ContactChannel channel, String address, String code, long minutes,
        Instant expiresAt) {
}
