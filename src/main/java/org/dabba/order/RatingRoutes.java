package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderBodies.RatingRequest;
import org.dabba.order.OrderBodies.RatingView;
import org.dabba.platform.http.Edge;
import org.dabba.platform.security.Caller;

/** /orders/{orderId}/rating, and the scheduled popularity refresh: what orders feed into search's ranking. */
@ApplicationScoped
public class RatingRoutes extends RouteBuilder {

    @Inject
    OrderRatings ratings;

    @Override
    public void configure() {
        from("direct:orderRate").routeId("order-rate").inputType(RatingRequest.class)
                .process(e -> {
                    RatingView rating = ratings.rate(Caller.required(e), OrderRoutes.orderId(e),
                            e.getMessage().getBody(RatingRequest.class));
                    Edge.created(e, "/orders/" + rating.orderId() + "/rating", rating);
                });

        from("direct:orderRatingGet").routeId("order-rating-get")
                .process(e -> e.getMessage().setBody(ratings.rating(Caller.required(e), OrderRoutes.orderId(e))));

        // First run shortly after start, then every refresh-interval.
        from("timer:restaurant-popularity-refresh?delay=10000&period={{dabba.orders.popularity.refresh-interval}}")
                .routeId("restaurant-popularity-refresh")
                .process(e -> ratings.refreshPopularity());
    }
}
