package org.dabba.platform.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.dabba.platform.error.ProblemException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling an HTTP route, taken from the identity Quarkus verified before the route ran (the
 * bearer token). Routes ask for it; domain services decide what it may touch. {@code sessionId} (the login the
 * token came from) and {@code expiresAt} are null when unknown, e.g. for a caller made up in code.
 */
public record Caller(UUID userId, Role role, UUID sessionId, Instant expiresAt) {

    public Caller(UUID userId, Role role) {
        this(userId, role, null, null);
    }

    /** The header platform-http puts the verified user on; never trust it unless it has this type. */
    static final String AUTHENTICATED_USER = "CamelVertxPlatformHttpAuthenticatedUser";

    public static Optional<Caller> of(Exchange exchange) {
        Object user = exchange.getMessage().getHeader(AUTHENTICATED_USER);
        return user instanceof QuarkusHttpUser httpUser ? of(httpUser.getSecurityIdentity()) : Optional.empty();
    }

    /** The caller a verified identity stands for (e.g. a WebSocket handshake's); empty when anonymous. */
    public static Optional<Caller> of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)) {
            return Optional.empty();
        }
        UUID id;
        try {
            id = UUID.fromString(jwt.getSubject());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        UUID sessionId = sessionId(jwt);
        Instant expiresAt = jwt.getExpirationTime() > 0 ? Instant.ofEpochSecond(jwt.getExpirationTime()) : null;
        return Arrays.stream(Role.values())
                .filter(r -> identity.hasRole(r.name()))
                .findFirst()
                .map(role -> new Caller(id, role, sessionId, expiresAt));
    }

    private static UUID sessionId(JsonWebToken jwt) {
        String sid = Revocations.sessionClaim(jwt);
        try {
            return sid == null ? null : UUID.fromString(sid);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The caller, or 401. */
    public static Caller required(Exchange exchange) {
        return of(exchange).orElseThrow(() -> ProblemException.unauthorized("A valid bearer token is required"));
    }

    /** The caller if it has one of {@code roles}; 401 without a token, 403 with another role. */
    public static Caller requireRole(Exchange exchange, Role... roles) {
        Caller caller = required(exchange);
        if (Arrays.stream(roles).noneMatch(r -> r == caller.role())) {
            throw ProblemException.forbidden("This needs the role " + (roles.length == 1 ? roles[0]
                    : Arrays.toString(roles)) + "; you are " + caller.role());
        }
        return caller;
    }

    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
