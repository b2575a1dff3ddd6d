package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityBodies.AccountStatusRequest;
import org.dabba.identity.IdentityBodies.CreateAdminRequest;
import org.dabba.identity.IdentityBodies.SignupResponse;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;

/** /admin/admins and /admin/users: admins make admins, and disable or re-enable any account. ADMIN only. */
@ApplicationScoped
public class AdminUserRoutes extends RouteBuilder {

    @Inject
    IdentityService identity;

    @Override
    public void configure() {
        from("direct:adminUserCreateAdmin").routeId("admin-user-create-admin").inputType(CreateAdminRequest.class)
                .process(e -> Edge.reply(e, 201,
                        new SignupResponse(identity.createAdmin(e.getMessage().getBody(CreateAdminRequest.class)))));

        from("direct:adminUserStatus").routeId("admin-user-status").inputType(AccountStatusRequest.class)
                .process(e -> {
                    AccountStatusRequest request = e.getMessage().getBody(AccountStatusRequest.class);
                    e.getMessage().setBody(identity.setStatus(Caller.required(e), Http.uuidParam(e, "userId", "User"),
                            request.status()));
                });
    }
}
