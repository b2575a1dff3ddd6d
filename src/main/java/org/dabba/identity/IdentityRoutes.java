package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityApi.LoginRequest;
import org.dabba.identity.IdentityApi.LogoutRequest;
import org.dabba.identity.IdentityApi.PasswordChangeRequest;
import org.dabba.identity.IdentityApi.RefreshRequest;
import org.dabba.identity.IdentityApi.SignupRequest;
import org.dabba.identity.IdentityApi.SignupResponse;
import org.dabba.identity.IdentityApi.TokenResponse;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.limits.ClientAddress;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;

/**
 * /auth: public sign-up, login and refresh; logout and password change for a signed-in caller. Sign-up, login and
 * refresh are rate limited (per address; login per account too, with a lockout that grows with repeated wrong
 * passwords): the budget is taken before the password is hashed or checked. A password change counts as a login
 * attempt on the caller's account, so it cannot be used to guess the current password either.
 */
@ApplicationScoped
public class IdentityRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    IdentityService identity;

    @Inject
    Sessions sessions;

    @Inject
    RateLimits limits;

    @Override
    public void configure() {
        rest("/auth")
                .post("/signup").to("direct:identity-signup")
                .post("/login").to("direct:identity-login")
                .post("/refresh").to("direct:identity-refresh")
                .post("/logout").to("direct:identity-logout")
                .post("/password").to("direct:identity-password");

        from("direct:identity-signup").routeId("identity-signup")
                .process(e -> {
                    SignupRequest request = http.read(e, SignupRequest.class);
                    limits.signup(ClientAddress.of(e));
                    SignupResponse created = new SignupResponse(identity.signup(request));
                    http.json(e, 201, created);
                });

        from("direct:identity-login").routeId("identity-login")
                .process(e -> {
                    LoginRequest request = http.read(e, LoginRequest.class);
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
                    http.ok(e, token);
                });

        from("direct:identity-refresh").routeId("identity-refresh")
                .process(e -> {
                    RefreshRequest request = http.read(e, RefreshRequest.class);
                    limits.refresh(ClientAddress.of(e));
                    http.ok(e, sessions.refresh(request.refreshToken()));
                });

        from("direct:identity-logout").routeId("identity-logout")
                .process(e -> {
                    Caller caller = Caller.required(e);
                    LogoutRequest request = Http.hasBody(e) ? http.read(e, LogoutRequest.class) : null;
                    sessions.logout(caller, request == null ? null : request.refreshToken());
                    http.noContent(e);
                });

        from("direct:identity-password").routeId("identity-password")
                .process(e -> {
                    Caller caller = Caller.required(e);
                    PasswordChangeRequest request = http.read(e, PasswordChangeRequest.class);
                    String account = identity.email(caller);
                    limits.login(account, ClientAddress.of(e));
                    if (!identity.changePassword(caller, request)) {
                        limits.loginFailed(account);
                        throw ProblemException.invalid("currentPassword", "is not your current password");
                    }
                    http.noContent(e);
                });
    }

}
