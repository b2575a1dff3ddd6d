package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderBodies.CancelRequest;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/** /orders: reading and cancelling orders (checkout, POST /orders/checkout, is the checkout feature's). */
@ApplicationScoped
public class OrderRoutes extends RouteBuilder {

    @Inject
    OrderReads orders;

    @Inject
    OrderCancellations cancellations;

    @Override
    public void configure() {
        from("direct:orderList").routeId("order-list")
                .process(e -> e.getMessage().setBody(orders.mine(Caller.required(e), Paging.page(e), Paging.size(e))));

        from("direct:orderGet").routeId("order-get")
                .process(e -> e.getMessage().setBody(orders.get(Caller.required(e), orderId(e))));

        from("direct:orderStatus").routeId("order-status")
                .process(e -> e.getMessage().setBody(orders.status(Caller.required(e), orderId(e))));

        // Customer, restaurant owner or admin: the service decides who may cancel when.
        from("direct:orderCancel").routeId("order-cancel").inputType(CancelRequest.class)
                .process(e -> e.getMessage().setBody(cancellations.cancel(Caller.required(e), orderId(e),
                        e.getMessage().getBody(CancelRequest.class))));
    }

    static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }
}
