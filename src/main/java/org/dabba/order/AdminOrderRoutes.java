package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderBodies.RefundRequest;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/**
 * Admins' order routes (ADMIN only): partial refunds, restaurants' cancellation rates and delivery times, and
 * payments that did not match their order.
 */
@ApplicationScoped
public class AdminOrderRoutes extends RouteBuilder {

    @Inject
    OrderCancellations cancellations;

    @Inject
    OrderReads stats;

    @Override
    public void configure() {
        from("direct:orderAdminRefund").routeId("order-admin-refund").inputType(RefundRequest.class)
                .process(e -> {
                    UUID orderId = OrderRoutes.orderId(e);
                    OrderBodies.OrderRefundView refund = cancellations.refund(Caller.required(e), orderId,
                            e.getMessage().getBody(RefundRequest.class));
                    Edge.created(e, "/orders/" + orderId, refund);
                });

        from("direct:orderCancellationRate").routeId("order-cancellation-rate")
                .process(e -> e.getMessage().setBody(stats.cancellationRate(RestaurantOrderRoutes.restaurantId(e),
                        days(e))));

        from("direct:orderDeliveryStats").routeId("order-delivery-stats")
                .process(e -> e.getMessage().setBody(stats.deliveryStats(RestaurantOrderRoutes.restaurantId(e),
                        days(e))));

        from("direct:orderPaymentMismatches").routeId("order-payment-mismatches")
                .process(e -> e.getMessage().setBody(stats.mismatches(Paging.page(e), Paging.size(e))));
    }

    /** {@code ?days=}: the window, days back from now, bounded by the contract; 30 by default. */
    private static int days(Exchange e) {
        String raw = e.getMessage().getHeader("days", String.class);
        return raw == null || raw.isBlank() ? 30 : Integer.parseInt(raw.strip());
    }
}
