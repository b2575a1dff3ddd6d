package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.delivery.Courier.Verification;
import org.dabba.delivery.DeliveryBodies.ReasonRequest;
import org.dabba.delivery.DeliveryBodies.VerificationRequest;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/** /admin/couriers: the verification queue and the admin's decisions. ADMIN only. */
@ApplicationScoped
public class AdminCourierRoutes extends RouteBuilder {

    @Inject
    CourierVerification couriers;

    @Inject
    CourierStore store;

    @Override
    public void configure() {
        from("direct:adminCourierList").routeId("admin-courier-list")
                .process(e -> e.getMessage().setBody(couriers.listForAdmin(
                        Edge.enumParam(e, "status", Verification.class), Paging.page(e), Paging.size(e))));

        from("direct:adminCourierGet").routeId("admin-courier-get")
                .process(e -> e.getMessage().setBody(couriers.profile(id(e))));

        from("direct:adminCourierVerify").routeId("admin-courier-verify").inputType(VerificationRequest.class)
                .process(e -> e.getMessage().setBody(couriers.decide(Caller.required(e).userId(), id(e),
                        e.getMessage().getBody(VerificationRequest.class))));

        from("direct:adminCourierSuspend").routeId("admin-courier-suspend").inputType(ReasonRequest.class)
                .process(e -> {
                    UUID id = id(e);
                    var suspended = couriers.suspend(Caller.required(e).userId(), id,
                            e.getMessage().getBody(ReasonRequest.class).reason());
                    try {
                        store.choose(id, CourierStatus.OFFLINE); // a BUSY courier stays BUSY and finishes the job
                    } catch (RuntimeException redisDown) {
                        // matching skips them anyway: it offers only to approved couriers
                    }
                    e.getMessage().setBody(suspended);
                });

        from("direct:adminCourierReinstate").routeId("admin-courier-reinstate")
                .process(e -> e.getMessage().setBody(couriers.reinstate(Caller.required(e).userId(), id(e))));
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Courier");
    }
}
