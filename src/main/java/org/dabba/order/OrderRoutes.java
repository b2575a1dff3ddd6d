package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderApi.CancelRequest;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/** /orders: reading and cancelling orders (checkout, POST /orders/checkout, is the checkout feature's). */
@ApplicationScoped
public class OrderRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    OrderReads orders;

    @Inject
    OrderCancellations cancellations;

    @Override
    public void configure() {
        rest("/orders")
                .get().to("direct:order-list")
                .get("/{orderId}").to("direct:order-get")
                .get("/{orderId}/status").to("direct:order-status")
                .post("/{orderId}/cancel").to("direct:order-cancel");

        from("direct:order-list").routeId("order-list")
                .process(e -> http.ok(e, orders.mine(Caller.required(e), Paging.page(e), Paging.size(e))));

        from("direct:order-get").routeId("order-get")
                .process(e -> http.ok(e, orders.get(Caller.required(e), orderId(e))));

        from("direct:order-status").routeId("order-status")
                .process(e -> http.ok(e, orders.status(Caller.required(e), orderId(e))));

        // Customer, restaurant owner or admin: the service decides who may cancel when.
        from("direct:order-cancel").routeId("order-cancel")
                .process(e -> {
                    Caller caller = Caller.required(e);
                    CancelRequest request = http.read(e, CancelRequest.class);
                    http.ok(e, cancellations.cancel(caller, orderId(e), request));
                });
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
