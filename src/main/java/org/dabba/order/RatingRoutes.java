package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderApi.RatingRequest;
import org.dabba.order.OrderApi.RatingView;
import org.dabba.platform.http.Http;
import org.dabba.platform.security.Caller;

/** /orders/{orderId}/rating, and the scheduled popularity refresh: what orders feed into search's ranking. */
@ApplicationScoped
public class RatingRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    OrderRatings ratings;

    @Override
    public void configure() {
        rest("/orders")
                .post("/{orderId}/rating").to("direct:order-rate")
                .get("/{orderId}/rating").to("direct:order-rating-get");

        from("direct:order-rate").routeId("order-rate")
                .process(e -> {
                    Caller customer = Caller.required(e);
                    RatingView rating = ratings.rate(customer, orderId(e), http.read(e, RatingRequest.class));
                    http.created(e, "/orders/" + rating.orderId() + "/rating", rating);
                });

        from("direct:order-rating-get").routeId("order-rating-get")
                .process(e -> http.ok(e, ratings.rating(Caller.required(e), orderId(e))));

        // First run shortly after start, then every refresh-interval.
        from("timer:restaurant-popularity-refresh?delay=10000&period={{dabba.orders.popularity.refresh-interval}}")
                .routeId("restaurant-popularity-refresh")
                .process(e -> ratings.refreshPopularity());
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
