package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantApi.ReasonRequest;
import org.dabba.restaurant.RestaurantApi.VerificationRequest;

/** /admin/restaurants: the verification queue and the admin's decisions. ADMIN only. */
@ApplicationScoped
public class AdminRestaurantRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    RestaurantService restaurants;

    @Override
    public void configure() {
        rest("/admin/restaurants")
                .get().to("direct:admin-restaurant-list")
                .post("/{id}/verification").to("direct:admin-restaurant-verify")
                .post("/{id}/deactivate").to("direct:admin-restaurant-deactivate")
                .post("/{id}/reactivate").to("direct:admin-restaurant-reactivate");

        from("direct:admin-restaurant-list").routeId("admin-restaurant-list")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, restaurants.listForAdmin(status(e), Paging.page(e), Paging.size(e)));
                });

        from("direct:admin-restaurant-verify").routeId("admin-restaurant-verify")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, restaurants.decide(id(e), http.read(e, VerificationRequest.class)));
                });

        from("direct:admin-restaurant-deactivate").routeId("admin-restaurant-deactivate")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, restaurants.deactivate(id(e), http.read(e, ReasonRequest.class).reason()));
                });

        from("direct:admin-restaurant-reactivate").routeId("admin-restaurant-reactivate")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, restaurants.reactivate(id(e)));
                });
    }

    private static UUID id(Exchange e) {
        return Http.uuidParam(e, "id", "Restaurant");
    }

    private static Status status(Exchange e) {
        String raw = e.getMessage().getHeader("status", String.class);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(raw.strip());
        } catch (IllegalArgumentException ex) {
            throw ProblemException.invalid("status", "must be one of PENDING_VERIFICATION, ACTIVE, REJECTED, INACTIVE");
        }
    }
}
