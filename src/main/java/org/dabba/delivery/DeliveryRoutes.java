package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.delivery.DeliveryApi.AssignRequest;
import org.dabba.delivery.DeliveryApi.AvailabilityRequest;
import org.dabba.delivery.DeliveryApi.LocationUpdate;
import org.dabba.delivery.DeliveryApi.ReleaseRequest;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * Couriers and deliveries over REST: presence and position (the socket's fallback), the courier's current job,
 * accepting an offer, handing a delivery back, pickup and delivery, the customer's tracking, the admins' tools
 * (orders nobody took, assign, re-dispatch, a courier's no-shows); plus the matching worker (order events), the
 * offer-round timer and the dispatch sweep.
 */
@ApplicationScoped
public class DeliveryRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    CourierPresence presence;

    @Inject
    CourierStore store;

    @Inject
    Offers offers;

    @Inject
    Deliveries deliveries;

    @Inject
    Dispatcher dispatcher;

    @Inject
    CloudEvents cloudEvents;

    @Inject
    CourierVerification verification;

    @Override
    public void configure() {
        rest("/couriers/me")
                .get().to("direct:delivery-courier-me")
                .put("/availability").to("direct:delivery-availability")
                .post("/location").to("direct:delivery-location")
                .get("/delivery").to("direct:delivery-job");
        rest("/deliveries/{orderId}")
                .post("/accept").to("direct:delivery-accept")
                .post("/pickup").to("direct:delivery-pickup")
                .post("/deliver").to("direct:delivery-deliver")
                .post("/release").to("direct:delivery-release");
        rest("/orders/{orderId}/location").get().to("direct:delivery-track");
        rest("/admin/deliveries")
                .get("/unassigned").to("direct:delivery-unassigned")
                .post("/{orderId}/assign").to("direct:delivery-admin-assign")
                .post("/{orderId}/redispatch").to("direct:delivery-admin-redispatch");
        rest("/admin/couriers/{courierId}/stats").get().to("direct:delivery-courier-stats");

        from("direct:delivery-availability").routeId("delivery-availability")
                .process(e -> {
                    Caller courier = Caller.requireRole(e, Role.COURIER);
                    AvailabilityRequest request = http.read(e, AvailabilityRequest.class);
                    if (request.status() == CourierStatus.AVAILABLE) {
                        verification.requireApproved(courier.userId());
                    }
                    http.ok(e, presence.choose(courier.userId(), request.status()));
                });

        from("direct:delivery-courier-me").routeId("delivery-courier-me")
                .process(e -> http.ok(e, verification.profile(Caller.requireRole(e, Role.COURIER).userId())));

        from("direct:delivery-location").routeId("delivery-location")
                .process(e -> {
                    Caller courier = Caller.requireRole(e, Role.COURIER);
                    LocationUpdate update = http.readUnvalidated(e, LocationUpdate.class);
                    store.await(presence.locate(courier.userId(), update));
                    http.noContent(e);
                });

        from("direct:delivery-accept").routeId("delivery-accept")
                .process(e -> {
                    Caller courier = Caller.requireRole(e, Role.COURIER);
                    http.ok(e, offers.accept(courier.userId(), orderId(e)));
                });

        from("direct:delivery-pickup").routeId("delivery-pickup")
                .process(e -> http.ok(e, deliveries.pickUp(Caller.requireRole(e, Role.COURIER), orderId(e))));

        from("direct:delivery-deliver").routeId("delivery-deliver")
                .process(e -> http.ok(e, deliveries.deliver(Caller.requireRole(e, Role.COURIER), orderId(e))));

        from("direct:delivery-release").routeId("delivery-release")
                .process(e -> {
                    Caller courier = Caller.requireRole(e, Role.COURIER);
                    ReleaseRequest request = http.read(e, ReleaseRequest.class);
                    http.ok(e, dispatcher.release(courier, orderId(e), request.reason()));
                });

        from("direct:delivery-job").routeId("delivery-job")
                .process(e -> http.ok(e, dispatcher.job(Caller.requireRole(e, Role.COURIER).userId())));

        from("direct:delivery-admin-assign").routeId("delivery-admin-assign")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    AssignRequest request = http.read(e, AssignRequest.class);
                    http.ok(e, offers.assign(admin, orderId(e), request.courierId()));
                });

        from("direct:delivery-admin-redispatch").routeId("delivery-admin-redispatch")
                .process(e -> http.ok(e, dispatcher.redispatch(Caller.requireRole(e, Role.ADMIN), orderId(e))));

        from("direct:delivery-courier-stats").routeId("delivery-courier-stats")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, dispatcher.stats(Http.uuidParam(e, "courierId", "Courier")));
                });

        from("direct:delivery-track").routeId("delivery-track")
                .process(e -> http.ok(e, deliveries.track(Caller.required(e), orderId(e))));

        from("direct:delivery-unassigned").routeId("delivery-unassigned")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, offers.unassigned());
                });

        from("{{dabba.consumers.delivery.matching}}").routeId("delivery-matching")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("delivery-matching"));
        from(DeadLetters.entry("delivery-matching")).routeId(DeadLetters.entryRouteId("delivery-matching"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(offers, "onOrderEvent");

        from("timer:delivery-offer-rounds?delay=1000&period={{dabba.delivery.round-check-interval}}")
                .routeId("delivery-offer-rounds")
                .onException(Exception.class).handled(true) // the next tick tries again; due rounds stay due
                        .log(LoggingLevel.WARN, DeliveryRoutes.class.getName(),
                                "Offer rounds not checked: ${exception.message}")
                .end()
                .process(e -> offers.nextRounds());

        from("timer:delivery-dispatch-sweep?delay=2000&period={{dabba.delivery.sweep-interval}}")
                .routeId("delivery-dispatch-sweep")
                .onException(Exception.class).handled(true) // the next sweep reads everything again
                        .log(LoggingLevel.WARN, DeliveryRoutes.class.getName(),
                                "Dispatch sweep failed: ${exception.message}")
                .end()
                .process(e -> dispatcher.sweep());
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
