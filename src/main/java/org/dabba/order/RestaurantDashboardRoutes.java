package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.events.DeadLetters;

/**
 * {@code order-dashboard-push}: every order event to this instance's dashboards, from the newest on (a dashboard
 * opens with a snapshot); a failure takes the consumers' one path (retries, then a dead letter).
 */
@ApplicationScoped
public class RestaurantDashboardRoutes extends RouteBuilder {

    @Inject
    CloudEvents cloudEvents;

    @Inject
    RestaurantDashboardSockets sockets;

    @Override
    public void configure() {
        from("{{dabba.consumers.orders.dashboard}}").routeId("order-dashboard-push")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("order-dashboard-push"));
        from(DeadLetters.entry("order-dashboard-push")).routeId(DeadLetters.entryRouteId("order-dashboard-push"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(sockets, "push");
    }
}
