package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.Created;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.dabba.restaurant.RestaurantBodies.OperationalStatusRequest;
import org.dabba.restaurant.RestaurantBodies.ReasonRequest;
import org.dabba.restaurant.RestaurantBodies.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantBodies.UpdateRestaurantRequest;
import org.dabba.restaurant.RestaurantBodies.VerificationRequest;

/**
 * /restaurants: registration, profile and opening hours by the owner, public reads; the job that republishes
 * restaurants when their hours open or close; and /admin/restaurants (ADMIN only): the verification queue and the
 * admins' decisions.
 */
@ApplicationScoped
public class RestaurantRoutes extends RouteBuilder {

    @Inject
    RestaurantService restaurants;

    @Inject
    RestaurantOnboarding onboarding;

    @Inject
    RestaurantOperations operations;

    @Override
    public void configure() {
        from("direct:restaurantRegister").routeId("restaurant-register").inputType(RegisterRestaurantRequest.class)
                .process(e -> {
                    RestaurantView created = onboarding.register(Caller.required(e),
                            e.getMessage().getBody(RegisterRestaurantRequest.class));
                    Edge.created(e, "/restaurants/" + created.id(), new Created(created.id()));
                });

        from("direct:restaurantListMine").routeId("restaurant-list-mine")
                .process(e -> e.getMessage().setBody(restaurants.mine(Caller.required(e))));

        from("direct:restaurantGet").routeId("restaurant-get")
                .process(e -> e.getMessage().setBody(restaurants.get(id(e), Caller.of(e).orElse(null))));

        from("direct:restaurantUpdate").routeId("restaurant-update").inputType(UpdateRestaurantRequest.class)
                .process(e -> e.getMessage().setBody(operations.update(id(e), Caller.required(e),
                        e.getMessage().getBody(UpdateRestaurantRequest.class))));

        from("direct:restaurantSwitchStatus").routeId("restaurant-switch-status")
                .inputType(OperationalStatusRequest.class)
                .process(e -> {
                    OperationalStatusRequest request = e.getMessage().getBody(OperationalStatusRequest.class);
                    e.getMessage().setBody(operations.switchOperationalStatus(id(e), Caller.required(e),
                            request.status()));
                });

        hours();
        admin();
    }

    private void hours() {
        from("direct:restaurantHoursGet").routeId("restaurant-hours-get")
                .process(e -> e.getMessage().setBody(operations.hours(id(e), Caller.of(e).orElse(null))));

        from("direct:restaurantHoursSet").routeId("restaurant-hours-set").inputType(Hours.class)
                .process(e -> e.getMessage().setBody(
                        operations.setHours(id(e), Caller.required(e), e.getMessage().getBody(Hours.class))));

        from("direct:restaurantHoursClear").routeId("restaurant-hours-clear")
                .process(e -> e.getMessage().setBody(operations.clearHours(id(e), Caller.required(e))));

        // At each restaurant's opening and closing, its restaurant.updated again, so that search flips it.
        from("timer:restaurant-hours-boundaries?delay=1000&period={{dabba.restaurants.hours-check-interval}}")
                .routeId("restaurant-hours-boundaries")
                .bean(operations, "republishAtBoundaries");
    }

    private void admin() {
        from("direct:adminRestaurantList").routeId("admin-restaurant-list")
                .process(e -> e.getMessage().setBody(onboarding.listForAdmin(Edge.enumParam(e, "status", Status.class),
                        Paging.page(e), Paging.size(e))));

        from("direct:adminRestaurantVerify").routeId("admin-restaurant-verify").inputType(VerificationRequest.class)
                .process(e -> e.getMessage().setBody(
                        onboarding.decide(id(e), e.getMessage().getBody(VerificationRequest.class))));

        from("direct:adminRestaurantDeactivate").routeId("admin-restaurant-deactivate").inputType(ReasonRequest.class)
                .process(e -> e.getMessage().setBody(
                        onboarding.deactivate(id(e), e.getMessage().getBody(ReasonRequest.class).reason())));

        from("direct:adminRestaurantReactivate").routeId("admin-restaurant-reactivate")
                .process(e -> e.getMessage().setBody(onboarding.reactivate(id(e))));
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Restaurant");
    }
}
