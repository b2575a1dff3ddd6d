package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.delivery.Courier.Verification;
import org.dabba.delivery.DeliveryApi.ReasonRequest;
import org.dabba.delivery.DeliveryApi.VerificationRequest;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** /admin/couriers: the verification queue and the admin's decisions. ADMIN only. */
@ApplicationScoped
public class AdminCourierRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    CourierVerification couriers;

    @Inject
    CourierStore store;

    @Override
    public void configure() {
        rest("/admin/couriers")
                .get().to("direct:admin-courier-list")
                .get("/{id}").to("direct:admin-courier-get")
                .post("/{id}/verification").to("direct:admin-courier-verify")
                .post("/{id}/suspend").to("direct:admin-courier-suspend")
                .post("/{id}/reinstate").to("direct:admin-courier-reinstate");

        from("direct:admin-courier-list").routeId("admin-courier-list")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, couriers.listForAdmin(status(e), Paging.page(e), Paging.size(e)));
                });

        from("direct:admin-courier-get").routeId("admin-courier-get")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, couriers.profile(id(e)));
                });

        from("direct:admin-courier-verify").routeId("admin-courier-verify")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, couriers.decide(admin.userId(), id(e), http.read(e, VerificationRequest.class)));
                });

        from("direct:admin-courier-suspend").routeId("admin-courier-suspend")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    UUID id = id(e);
                    var suspended = couriers.suspend(admin.userId(), id, http.read(e, ReasonRequest.class).reason());
                    try {
                        store.choose(id, CourierStatus.OFFLINE); // a BUSY courier stays BUSY and finishes the job
                    } catch (RuntimeException redisDown) {
                        // matching skips them anyway: it offers only to approved couriers
                    }
                    http.ok(e, suspended);
                });

        from("direct:admin-courier-reinstate").routeId("admin-courier-reinstate")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, couriers.reinstate(admin.userId(), id(e)));
                });
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Courier");
    }

    private static Verification status(Exchange e) {
        String raw = e.getMessage().getHeader("status", String.class);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Verification.valueOf(raw.strip());
        } catch (IllegalArgumentException ex) {
            throw ProblemException.invalid("status", "must be one of PENDING, APPROVED, REJECTED, SUSPENDED");
        }
    }
}
