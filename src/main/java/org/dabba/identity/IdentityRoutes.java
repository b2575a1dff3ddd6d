package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityApi.LoginRequest;
import org.dabba.identity.IdentityApi.SignupRequest;
import org.dabba.identity.IdentityApi.SignupResponse;
import org.dabba.identity.IdentityApi.TokenResponse;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.limits.ClientAddress;
import org.dabba.platform.limits.RateLimits;

/**
 * /auth: public sign-up and login. Both are rate limited (per address; login per account too, with a lockout
 * that grows with repeated wrong passwords): the budget is taken before the password is hashed or checked.
 */
@ApplicationScoped
public class IdentityRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    IdentityService identity;

    @Inject
    RateLimits limits;

    @Override
    public void configure() {
        rest("/auth")
                .post("/signup").to("direct:identity-signup")
                .post("/login").to("direct:identity-login");

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
    }
}
