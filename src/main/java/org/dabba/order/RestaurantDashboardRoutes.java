package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.CloudEvents;

/**
 * {@code order-dashboard-push}: every order event, to the restaurant dashboards open on this instance. In prod
 * each instance reads the topic with a consumer group of its own, from the newest events on: a dashboard that
 * connects gets a snapshot first, so nothing older is needed. A push that fails is dropped, not retried: the next
 * connect's snapshot catches up.
 */
@ApplicationScoped
public class RestaurantDashboardRoutes extends RouteBuilder {

    @Inject
    CloudEvents cloudEvents;

    @Inject
    RestaurantDashboardSessions sessions;

    @Override
    public void configure() {
        onException(Exception.class).handled(true)
                .log(LoggingLevel.WARN, RestaurantDashboardRoutes.class.getName(),
                        "Dashboard push dropped: ${exception.message}");

        from("{{dabba.consumers.orders.dashboard}}").routeId("order-dashboard-push")
                .bean(cloudEvents, "read")
                .bean(sessions, "push");
    }
}
