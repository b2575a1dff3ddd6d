package org.dabba.platform.security;

/** What a user is to Dabba; carried in the token's {@code groups} claim. */
public enum Role {
    CUSTOMER,
    RESTAURANT_OWNER,
    COURIER,
    ADMIN
}
