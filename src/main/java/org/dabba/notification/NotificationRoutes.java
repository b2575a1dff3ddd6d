package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/** GET /notifications, and the consumer that writes them from restaurant events. */
@ApplicationScoped
public class NotificationRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    NotificationService notifications;

    @Inject
    CloudEvents cloudEvents;

    @Override
    public void configure() {
        errorHandler(defaultErrorHandler().maximumRedeliveries(5).redeliveryDelay(500).useExponentialBackOff()
                .logExhausted(true));

        rest("/notifications").get().to("direct:notification-list");

        from("direct:notification-list").routeId("notification-list")
                .process(e -> http.ok(e, notifications.forUser(Caller.required(e).userId(), Paging.page(e),
                        Paging.size(e))));

        from("{{dabba.consumers.notifications.restaurant-events}}").routeId("notification-restaurant-events")
                .bean(cloudEvents, "read")
                .bean(notifications, "onRestaurantEvent");
    }
}
