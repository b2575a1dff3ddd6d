package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityApi.LoginRequest;
import org.dabba.identity.IdentityApi.SignupRequest;
import org.dabba.identity.IdentityApi.SignupResponse;
import org.dabba.platform.http.Http;

/** /auth: public sign-up and login. */
@ApplicationScoped
public class IdentityRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    IdentityService identity;

    @Override
    public void configure() {
        rest("/auth")
                .post("/signup").to("direct:identity-signup")
                .post("/login").to("direct:identity-login");

        from("direct:identity-signup").routeId("identity-signup")
                .process(e -> {
                    SignupRequest request = http.read(e, SignupRequest.class);
                    SignupResponse created = new SignupResponse(identity.signup(request));
                    http.json(e, 201, created);
                });

        from("direct:identity-login").routeId("identity-login")
                .process(e -> http.ok(e, identity.login(http.read(e, LoginRequest.class))));
    }
}
