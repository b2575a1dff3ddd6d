package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityBodies.ProfileUpdate;
import org.dabba.identity.IdentityBodies.ContactVerificationRequest;
import org.dabba.identity.IdentityBodies.VerifyRequest;
import org.dabba.platform.http.Edge;
import org.dabba.platform.security.Caller;

/** /me: the signed-in person's profile, and proving their email or phone theirs with a one-time code. */
@ApplicationScoped
public class ProfileRoutes extends RouteBuilder {

    @Inject
    Profiles profiles;

    @Inject
    ContactVerification verification;

    @Override
    public void configure() {
        from("direct:profileGet").routeId("profile-get")
                .process(e -> e.getMessage().setBody(profiles.of(Caller.required(e).userId())));

        from("direct:profileUpdate").routeId("profile-update").inputType(ProfileUpdate.class)
                .process(e -> e.getMessage().setBody(profiles.update(Caller.required(e),
                        e.getMessage().getBody(ProfileUpdate.class))));

        from("direct:profileVerificationStart").routeId("profile-verification-start")
                .inputType(ContactVerificationRequest.class)
                .process(e -> Edge.reply(e, 202, verification.start(Caller.required(e),
                        e.getMessage().getBody(ContactVerificationRequest.class).channel())));

        from("direct:profileVerify").routeId("profile-verify").inputType(VerifyRequest.class)
                .process(e -> {
                    VerifyRequest request = e.getMessage().getBody(VerifyRequest.class);
                    e.getMessage().setBody(verification.verify(Caller.required(e), request.channel(),
                            request.code()));
                });
    }
}
