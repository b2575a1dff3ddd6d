package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.delivery.DeliveryApi.AvailabilityRequest;
import org.dabba.delivery.DeliveryApi.LocationUpdate;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * Couriers and deliveries over REST: presence and position (the socket's fallback), accepting an offer, pickup and
 * delivery, the customer's tracking, the admins' list of orders nobody took; plus the matching worker (order
 * events) and the offer-round timer.
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
    CloudEvents cloudEvents;

    @Override
    public void configure() {
        rest("/couriers/me")
                .put("/availability").to("direct:delivery-availability")
                .post("/location").to("direct:delivery-location");
        rest("/deliveries/{orderId}")
                .post("/accept").to("direct:delivery-accept")
                .post("/pickup").to("direct:delivery-pickup")
                .post("/deliver").to("direct:delivery-deliver");
        rest("/orders/{orderId}/location").get().to("direct:delivery-track");
        rest("/admin/deliveries").get("/unassigned").to("direct:delivery-unassigned");

        from("direct:delivery-availability").routeId("delivery-availability")
                .process(e -> {
                    Caller courier = Caller.requireRole(e, Role.COURIER);
                    AvailabilityRequest request = http.read(e, AvailabilityRequest.class);
                    http.ok(e, presence.choose(courier.userId(), request.status()));
                });

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
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
