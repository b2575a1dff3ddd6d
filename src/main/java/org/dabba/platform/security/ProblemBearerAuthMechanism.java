package org.dabba.platform.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.quarkus.smallrye.jwt.runtime.auth.JWTAuthMechanism;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.vertx.core.http.HttpHeaders;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.util.Set;

/**
 * Bearer-token authentication exactly as smallrye-jwt does it, except that the 401 challenge carries a
 * problem+json body like every other error (Quarkus would send an empty one), except under
 * {@value #FOREIGN_BEARER_PREFIX}, whose bearer tokens are Stripe keys for the payment sandbox, and except that a
 * WebSocket handshake (under {@value #SOCKET_PREFIX}) may carry the token in the {@value #SOCKET_TOKEN_PARAM}
 * query parameter, since browsers cannot set headers on one. A token whose session or account was revoked
 * ({@link Revocations}) is refused like an invalid one.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class ProblemBearerAuthMechanism implements HttpAuthenticationMechanism {

    static final String BODY = "{\"type\":\"/problems/unauthorized\",\"title\":\"Unauthorized\",\"status\":401,"
            + "\"detail\":\"A valid bearer token is required\"}";

    @Inject
    JWTAuthMechanism jwt;

    @Inject
    Revocations revocations;

    /**
     * Paths where the bearer token is not a Dabba token: the payment sandbox checks Stripe secret keys itself.
     * Proactive authentication would otherwise refuse them with 401 before the (public) route runs.
     */
    static final String FOREIGN_BEARER_PREFIX = "/sandbox/stripe/";

    static final String SOCKET_PREFIX = "/ws/";
    static final String SOCKET_TOKEN_PARAM = "access_token";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (context.normalizedPath().startsWith(FOREIGN_BEARER_PREFIX)) {
            return Uni.createFrom().nullItem();
        }
        String socketToken = socketToken(context);
        Uni<SecurityIdentity> verified = socketToken != null
                ? identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(
                        new TokenAuthenticationRequest(new JsonWebTokenCredential(socketToken)), context))
                : jwt.authenticate(context, identityProviderManager);
        return verified.onItem().ifNotNull().transformToUni(identity -> revocations.admits(identity)
                .map(admitted -> {
                    if (!admitted) {
                        throw new AuthenticationFailedException("The session of this token has ended");
                    }
                    return identity;
                }));
    }

    /** The query parameter's token of a WebSocket handshake that has no Authorization header; else null. */
    private static String socketToken(RoutingContext context) {
        if (!context.normalizedPath().startsWith(SOCKET_PREFIX)
                || context.request().getHeader(HttpHeaders.AUTHORIZATION) != null) {
            return null;
        }
        String token = context.request().getParam(SOCKET_TOKEN_PARAM);
        return token == null || token.isBlank() ? null : token;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return jwt.getChallenge(context);
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        if (!context.response().ended()) {
            context.response().setStatusCode(401)
                    .putHeader("WWW-Authenticate", "Bearer")
                    .putHeader("Content-Type", "application/problem+json")
                    .end(BODY);
        }
        return Uni.createFrom().item(true);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return jwt.getCredentialTypes();
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return jwt.getCredentialTransport(context);
    }
}
