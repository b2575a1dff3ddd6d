package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityBodies.LoginRequest;
import org.dabba.identity.IdentityBodies.LogoutRequest;
import org.dabba.identity.IdentityBodies.PasswordChangeRequest;
import org.dabba.identity.IdentityBodies.RefreshRequest;
import org.dabba.identity.IdentityBodies.SignupRequest;
import org.dabba.identity.IdentityBodies.SignupResponse;
import org.dabba.identity.IdentityBodies.TokenResponse;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Edge;
import org.dabba.platform.limits.ClientAddress;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;

/**
 * /auth: public sign-up, login and refresh; logout and password change for a signed-in caller. The rate limits are
 * taken before a password is hashed or checked; a password change counts as a login attempt on the caller's
 * account, so it cannot be used to guess the current password either.
 */
@ApplicationScoped
public class IdentityRoutes extends RouteBuilder {

    @Inject
    IdentityService identity;

    @Inject
    Sessions sessions;

    @Inject
    RateLimits limits;

    @Override
    public void configure() {
        from("direct:identitySignup").routeId("identity-signup").inputType(SignupRequest.class)
                .process(e -> {
                    SignupRequest request = e.getMessage().getBody(SignupRequest.class);
                    limits.signup(ClientAddress.of(e));
                    Edge.reply(e, 201, new SignupResponse(identity.signup(request)));
                });

        from("direct:identityLogin").routeId("identity-login").inputType(LoginRequest.class)
                .process(e -> {
                    LoginRequest request = e.getMessage().getBody(LoginRequest.class);
                    String account = IdentityService.normalize(request.email());
                    limits.login(account, ClientAddress.of(e));
                    TokenResponse token;
                    try {
                        token = identity.login(request);
                    } catch (ProblemException refused) {
                        if (refused.problem().getStatus() == 401) {
                            limits.loginFailed(account);
                        }
                        throw refused;
                    }
                    limits.loginSucceeded(account);
                    e.getMessage().setBody(token);
                });

        from("direct:identityRefresh").routeId("identity-refresh").inputType(RefreshRequest.class)
                .process(e -> {
                    RefreshRequest request = e.getMessage().getBody(RefreshRequest.class);
                    limits.refresh(ClientAddress.of(e));
                    e.getMessage().setBody(sessions.refresh(request.refreshToken()));
                });

        from("direct:identityLogout").routeId("identity-logout").inputType(LogoutRequest.class)
                .process(e -> {
                    Caller caller = Caller.required(e);
                    LogoutRequest request = e.getMessage().getBody(LogoutRequest.class);
                    sessions.logout(caller, request == null ? null : request.refreshToken());
                    Edge.reply(e, 204, null);
                });

        from("direct:identityPassword").routeId("identity-password").inputType(PasswordChangeRequest.class)
                .process(e -> {
                    Caller caller = Caller.required(e);
                    PasswordChangeRequest request = e.getMessage().getBody(PasswordChangeRequest.class);
                    String account = identity.email(caller);
                    limits.login(account, ClientAddress.of(e));
                    if (!identity.changePassword(caller, request)) {
                        limits.loginFailed(account);
                        throw ProblemException.invalid("currentPassword", "is not your current password");
                    }
                    Edge.reply(e, 204, null);
                });
    }
}
