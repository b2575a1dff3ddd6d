package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.ReasonRequest;
import org.dabba.restaurant.RestaurantBodies.VerificationRequest;

/** /admin/restaurants: the verification queue and the admin's decisions. ADMIN only. */
@ApplicationScoped
public class AdminRestaurantRoutes extends RouteBuilder {

    @Inject
    RestaurantOnboarding restaurants;

    @Override
    public void configure() {
        from("direct:adminRestaurantList").routeId("admin-restaurant-list")
                .process(e -> e.getMessage().setBody(restaurants.listForAdmin(Edge.enumParam(e, "status", Status.class),
                        Paging.page(e), Paging.size(e))));

        from("direct:adminRestaurantVerify").routeId("admin-restaurant-verify").inputType(VerificationRequest.class)
                .process(e -> e.getMessage().setBody(
                        restaurants.decide(id(e), e.getMessage().getBody(VerificationRequest.class))));

        from("direct:adminRestaurantDeactivate").routeId("admin-restaurant-deactivate").inputType(ReasonRequest.class)
                .process(e -> e.getMessage().setBody(
                        restaurants.deactivate(id(e), e.getMessage().getBody(ReasonRequest.class).reason())));

        from("direct:adminRestaurantReactivate").routeId("admin-restaurant-reactivate")
                .process(e -> e.getMessage().setBody(restaurants.reactivate(id(e))));
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Restaurant");
    }
}
