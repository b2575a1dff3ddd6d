package org.dabba.identity;

import java.util.UUID;
import org.dabba.identity.IdentityBodies.CourierDetails;

/**
 * A courier account was created: fired synchronously inside the sign-up's transaction, so the courier's profile
 * (delivery's) is written with the account or neither is. An observer that refuses the details fails the sign-up.
 */
public record CourierSignedUp(UUID userId, CourierDetails details) {
}
