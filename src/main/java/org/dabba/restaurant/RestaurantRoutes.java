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
import org.dabba.restaurant.RestaurantApi.OperationalStatusRequest;
import org.dabba.restaurant.RestaurantApi.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantApi.RestaurantView;
import org.dabba.restaurant.RestaurantApi.UpdateRestaurantRequest;

/** /restaurants: registration and profile by the owner, public reads. */
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
                .patch("/{id}/status").to("direct:restaurant-switch-status");

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
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Restaurant");
    }
}
