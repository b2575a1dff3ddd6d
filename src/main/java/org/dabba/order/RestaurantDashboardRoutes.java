package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.DeadLetters;

/**
 * {@code order-dashboard-push}: every order event to this instance's dashboards, from the newest on (a dashboard
 * opens with a snapshot); a failure takes the consumers' one path (retries, then a dead letter).
 */
@ApplicationScoped
public class RestaurantDashboardRoutes extends RouteBuilder {

    @Inject
    RestaurantDashboardSockets sockets;

    @Override
    public void configure() {
        DeadLetters.consumer(this, "order-dashboard-push", "{{dabba.consumers.orders.dashboard}}")
                .bean(sockets, "push");
    }
}
