package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.RestaurantApi.Created;
import org.dabba.restaurant.RestaurantApi.Hours;
import org.dabba.restaurant.RestaurantApi.OperationalStatusRequest;
import org.dabba.restaurant.RestaurantApi.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantApi.RestaurantView;
import org.dabba.restaurant.RestaurantApi.UpdateRestaurantRequest;

/**
 * /restaurants: registration, profile and opening hours by the owner, public reads; and the job that
 * republishes restaurants when their hours open or close.
 */
@ApplicationScoped
public class RestaurantRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    RestaurantService restaurants;

    @Override
    public void configure() {
        rest("/restaurants")
                .post().to("direct:restaurant-register")
                // before /{id}, so that "mine" is not taken for an id
                .get("/mine").to("direct:restaurant-list-mine")
                .get("/{id}").to("direct:restaurant-get")
                .patch("/{id}").to("direct:restaurant-update")
                .patch("/{id}/status").to("direct:restaurant-switch-status")
                .get("/{id}/hours").to("direct:restaurant-hours-get")
                .put("/{id}/hours").to("direct:restaurant-hours-set")
                .delete("/{id}/hours").to("direct:restaurant-hours-clear");

        from("direct:restaurant-register").routeId("restaurant-register")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    RestaurantView created = restaurants.register(owner, http.read(e, RegisterRestaurantRequest.class));
                    http.created(e, "/restaurants/" + created.id(), new Created(created.id()));
                });

        from("direct:restaurant-list-mine").routeId("restaurant-list-mine")
                .process(e -> http.ok(e, restaurants.mine(Caller.requireRole(e, Role.RESTAURANT_OWNER))));

        from("direct:restaurant-get").routeId("restaurant-get")
                .process(e -> http.ok(e, restaurants.get(id(e), Caller.of(e).orElse(null))));

        from("direct:restaurant-update").routeId("restaurant-update")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    http.ok(e, restaurants.update(id(e), owner, http.read(e, UpdateRestaurantRequest.class)));
                });

        from("direct:restaurant-switch-status").routeId("restaurant-switch-status")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    OperationalStatusRequest request = http.read(e, OperationalStatusRequest.class);
                    http.ok(e, restaurants.switchOperationalStatus(id(e), owner, request.status()));
                });

        hours();
    }

    private void hours() {
        from("direct:restaurant-hours-get").routeId("restaurant-hours-get")
                .process(e -> http.ok(e, restaurants.hours(id(e), Caller.of(e).orElse(null))));

        from("direct:restaurant-hours-set").routeId("restaurant-hours-set")
                .process(e -> {
                    Caller caller = Caller.requireRole(e, Role.RESTAURANT_OWNER, Role.ADMIN);
                    http.ok(e, restaurants.setHours(id(e), caller, http.read(e, Hours.class)));
                });

        from("direct:restaurant-hours-clear").routeId("restaurant-hours-clear")
                .process(e -> {
                    Caller caller = Caller.requireRole(e, Role.RESTAURANT_OWNER, Role.ADMIN);
                    http.ok(e, restaurants.clearHours(id(e), caller));
                });

        // At each restaurant's opening and closing, its restaurant.updated again, so that search flips it.
        from("timer:restaurant-hours-boundaries?delay=1000&period={{dabba.restaurants.hours-check-interval}}")
                .routeId("restaurant-hours-boundaries")
                .bean(restaurants, "republishAtBoundaries");
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Restaurant");
    }
}
