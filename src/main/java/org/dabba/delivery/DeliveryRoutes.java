package org.dabba.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.delivery.DeliveryBodies.AssignRequest;
import org.dabba.delivery.DeliveryBodies.AvailabilityRequest;
import org.dabba.delivery.DeliveryBodies.CourierMe;
import org.dabba.delivery.DeliveryBodies.DeliverRequest;
import org.dabba.delivery.DeliveryBodies.LocationUpdate;
import org.dabba.delivery.DeliveryBodies.ReleaseRequest;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.JsonLimits;
import org.dabba.platform.security.Caller;

/**
 * Couriers and deliveries over REST: presence and position (the socket's fallback), the courier's current job,
 * accepting an offer, handing a delivery back, pickup and delivery, the customer's tracking, the admins' tools
 * (orders nobody took, assign, re-dispatch, a courier's no-shows); plus the matching worker (order events), the
 * offer-round timer and the dispatch sweep.
 */
@ApplicationScoped
public class DeliveryRoutes extends RouteBuilder {

    @Inject
    ObjectMapper mapper;

    @Inject
    CourierPresence presence;

    @Inject
    CourierStore store;

    @Inject
    Matchings matchings;

    @Inject
    Deliveries deliveries;

    @Inject
    Dispatcher dispatcher;

    @Inject
    CourierVerification verification;

    @Inject
    DeliveryConfig config;

    @Override
    public void configure() {
        from("direct:deliveryAvailability").routeId("delivery-availability").inputType(AvailabilityRequest.class)
                .process(e -> {
                    Caller courier = Caller.required(e);
                    AvailabilityRequest request = e.getMessage().getBody(AvailabilityRequest.class);
                    if (request.status() == CourierStatus.AVAILABLE) {
                        verification.requireApproved(courier.userId());
                    }
                    e.getMessage().setBody(presence.choose(courier.userId(), request.status()));
                });

        from("direct:deliveryCourierMe").routeId("delivery-courier-me")
                .process(e -> {
                    UUID courierId = Caller.required(e).userId();
                    e.getMessage().setBody(new CourierMe(verification.profile(courierId),
                            presence.availability(courierId)));
                });

        // The body stays a tree for the contract: the position's "long" is the record's lon, and its bounds are
        // the presence's to name (the socket sends the same message).
        from("direct:deliveryLocation").routeId("delivery-location").inputType(JsonNode.class)
                .process(e -> {
                    Caller courier = Caller.required(e);
                    LocationUpdate update = JsonLimits.fromCaller(mapper, LocationUpdate.class)
                            .readValue(e.getMessage().getBody(JsonNode.class));
                    if (update == null) {
                        throw ProblemException.badRequest("A JSON object is required as the request body");
                    }
                    store.await(presence.locate(courier.userId(), update));
                    Edge.reply(e, 204, null);
                });

        from("direct:deliveryAccept").routeId("delivery-accept")
                .process(e -> e.getMessage().setBody(dispatcher.accept(Caller.required(e).userId(), orderId(e))));

        from("direct:deliveryPickup").routeId("delivery-pickup")
                .process(e -> e.getMessage().setBody(deliveries.pickUp(Caller.required(e), orderId(e))));

        from("direct:deliveryDeliver").routeId("delivery-deliver").inputType(DeliverRequest.class)
                .process(e -> {
                    DeliverRequest request = e.getMessage().getBody(DeliverRequest.class);
                    e.getMessage().setBody(deliveries.deliver(Caller.required(e), orderId(e),
                            request == null ? null : request.otp()));
                });

        from("direct:deliveryRelease").routeId("delivery-release").inputType(ReleaseRequest.class)
                .process(e -> e.getMessage().setBody(dispatcher.release(Caller.required(e), orderId(e),
                        e.getMessage().getBody(ReleaseRequest.class).reason())));

        from("direct:deliveryJob").routeId("delivery-job")
                .process(e -> e.getMessage().setBody(deliveries.job(Caller.required(e).userId())));

        from("direct:deliveryAdminAssign").routeId("delivery-admin-assign").inputType(AssignRequest.class)
                .process(e -> e.getMessage().setBody(dispatcher.assign(Caller.required(e), orderId(e),
                        e.getMessage().getBody(AssignRequest.class).courierId())));

        from("direct:deliveryAdminRedispatch").routeId("delivery-admin-redispatch")
                .process(e -> e.getMessage().setBody(dispatcher.redispatch(Caller.required(e), orderId(e))));

        from("direct:deliveryCourierStats").routeId("delivery-courier-stats")
                .process(e -> e.getMessage().setBody(dispatcher.stats(Http.uuidParam(e, "courierId", "Courier"))));

        from("direct:deliveryTrack").routeId("delivery-track")
                .process(e -> e.getMessage().setBody(deliveries.track(Caller.required(e), orderId(e))));

        from("direct:deliveryUnassigned").routeId("delivery-unassigned")
                .process(e -> e.getMessage().setBody(dispatcher.unassigned()));

        DeadLetters.consumer(this, "delivery-matching", "{{dabba.consumers.delivery.matching}}",
                config.matchingLanes())
                .bean(matchings, "onOrderEvent");

        timer("delivery-offer-rounds", 1000, "round-check-interval", "Offer rounds not checked", matchings::nextRounds);
        timer("delivery-dispatch-sweep", 2000, "sweep-interval", "Dispatch sweep failed", dispatcher::sweep);
    }

    /** A step on every instance; a failed tick is only logged: due rounds stay due, the next sweep reads all again. */
    private void timer(String id, int delay, String period, String failed, Runnable step) {
        from("timer:" + id + "?delay=" + delay + "&period={{dabba.delivery." + period + "}}").routeId(id)
                .onException(Exception.class).handled(true)
                        .log(LoggingLevel.WARN, DeliveryRoutes.class.getName(), failed + ": ${exception.message}")
                .end()
                .process(e -> step.run());
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
