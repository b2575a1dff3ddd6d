package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/** /orders: reading orders (checkout, POST /orders/checkout, is the checkout feature's). */
@ApplicationScoped
public class OrderRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    OrderService orders;

    @Override
    public void configure() {
        rest("/orders")
                .get().to("direct:order-list")
                .get("/{orderId}").to("direct:order-get")
                .get("/{orderId}/status").to("direct:order-status");

        from("direct:order-list").routeId("order-list")
                .process(e -> http.ok(e, orders.mine(Caller.required(e), Paging.page(e), Paging.size(e))));

        from("direct:order-get").routeId("order-get")
                .process(e -> http.ok(e, orders.get(Caller.required(e), orderId(e))));

        from("direct:order-status").routeId("order-status")
                .process(e -> http.ok(e, orders.status(Caller.required(e), orderId(e))));
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
