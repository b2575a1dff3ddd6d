package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderApi.RefundRequest;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * What admins do and see about orders' money and cancellations (ADMIN only): a refund of part of a charge, the
 * restaurants' cancellation rate and delivery times against their promises, and the payments that did not match
 * their order.
 */
@ApplicationScoped
public class AdminOrderRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    OrderCancellations cancellations;

    @Inject
    OrderReads stats;

    @Override
    public void configure() {
        rest("/admin/orders/{orderId}/refunds").post().to("direct:order-admin-refund");
        rest("/admin/restaurants/{restaurantId}/cancellations").get().to("direct:order-cancellation-rate");
        rest("/admin/restaurants/{restaurantId}/stats").get().to("direct:order-delivery-stats");
        rest("/admin/payments/mismatches").get().to("direct:order-payment-mismatches");

        from("direct:order-admin-refund").routeId("order-admin-refund")
                .process(e -> {
                    Caller admin = Caller.requireRole(e, Role.ADMIN);
                    RefundRequest request = http.read(e, RefundRequest.class);
                    UUID orderId = Http.uuidParam(e, "orderId", "Order");
                    OrderApi.OrderRefundView refund = cancellations.refund(admin, orderId, request);
                    http.created(e, "/orders/" + orderId, refund);
                });

        from("direct:order-cancellation-rate").routeId("order-cancellation-rate")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, stats.cancellationRate(Http.uuidParam(e, "restaurantId", "Restaurant"), days(e)));
                });

        from("direct:order-delivery-stats").routeId("order-delivery-stats")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, stats.deliveryStats(Http.uuidParam(e, "restaurantId", "Restaurant"), days(e)));
                });

        from("direct:order-payment-mismatches").routeId("order-payment-mismatches")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, stats.mismatches(Paging.page(e), Paging.size(e)));
                });
    }

    /** {@code ?days=}: the window, 1 to 365 days back from now; 30 by default. */
    private static int days(Exchange e) {
        String raw = e.getMessage().getHeader("days", String.class);
        if (raw == null || raw.isBlank()) {
            return 30;
        }
        try {
            int days = Integer.parseInt(raw.strip());
            if (days >= 1 && days <= 365) {
                return days;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ProblemException.invalid("days", "must be a whole number of days from 1 to 365");
    }
}
