package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.identity.IdentityApi.AccountStatusRequest;
import org.dabba.identity.IdentityApi.CreateAdminRequest;
import org.dabba.identity.IdentityApi.SignupResponse;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** /admin/admins and /admin/users: admins make admins, and disable or re-enable any account. ADMIN only. */
@ApplicationScoped
public class AdminUserRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    IdentityService identity;

    @Override
    public void configure() {
        rest("/admin")
                .post("/admins").to("direct:admin-user-create-admin")
                .put("/users/{userId}/status").to("direct:admin-user-status");

        from("direct:admin-user-create-admin").routeId("admin-user-create-admin")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    CreateAdminRequest request = http.read(e, CreateAdminRequest.class);
                    http.json(e, 201, new SignupResponse(identity.createAdmin(request)));
                });

        from("direct:admin-user-status").routeId("admin-user-status")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    AccountStatusRequest request = http.read(e, AccountStatusRequest.class);
                    http.ok(e, identity.setStatus(admin, Http.uuidParam(e, "userId", "User"), request.status()));
                });
    }
}
