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
 * Bearer-token authentication as smallrye-jwt does it, except: the 401 carries a problem+json body; under
 * {@value #FOREIGN_BEARER_PREFIX} bearer tokens are the payment sandbox's Stripe keys; a WebSocket handshake may
 * carry the token in {@value #SOCKET_TOKEN_PARAM} (browsers cannot set its headers); and a revoked token
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

    /** Where the bearer token is a Stripe key the payment sandbox checks itself, not a Dabba token. */
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
