package org.dabba.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/**
 * GET /notifications; the consumers that write notifications from restaurant and order events and hand each new
 * one to the outbound channel (routes/notification-fanout.yaml); the customer's live order sockets' feed.
 */
@ApplicationScoped
public class NotificationRoutes extends RouteBuilder {

    /**
     * Where a new notification waits for its channel: an in-memory queue, so that a slow or failing channel
     * (retried with backoff) never holds up the writing of the next notifications. What the queue loses in a
     * restart, the sweep hands again (NotificationChannel).
     */
    static final String FANOUT = "seda:notification-fanout";
    /** The notification's id, an exchange property of the channel route; never sent by the channel kamelets. */
    static final String NOTIFICATION_ID = "DabbaNotificationId";

    @Inject
    NotificationService notifications;

    @Inject
    CloudEvents cloudEvents;

    @Inject
    CustomerLive customerLive;

    @Inject
    NotificationsConfig config;

    @Inject
    NotificationChannel channel;

    @Inject
    ObjectMapper mapper;

    @Override
    public void configure() throws Exception {
        log.info("Notifications go to the channel {}", URISupport.sanitizeUri(config.channel()));

        from("direct:notificationList").routeId("notification-list")
                .process(e -> e.getMessage().setBody(notifications.forUser(Caller.required(e).userId(), Paging.page(e),
                        Paging.size(e))));

        from("{{dabba.consumers.notifications.restaurant-events}}").routeId("notification-restaurant-events")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("notification-restaurant-events"));
        from(DeadLetters.entry("notification-restaurant-events"))
                .routeId(DeadLetters.entryRouteId("notification-restaurant-events"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(notifications, "onRestaurantEvent")
                .filter(body().isNotNull())
                    .process(this::handOff)
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");

        from("{{dabba.consumers.notifications.courier-events}}").routeId("notification-courier-events")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("notification-courier-events"));
        from(DeadLetters.entry("notification-courier-events"))
                .routeId(DeadLetters.entryRouteId("notification-courier-events"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(notifications, "onCourierEvent")
                .filter(body().isNotNull())
                    .process(this::handOff)
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");

        // Once per cluster (a shared consumer group in prod): the notification is written once.
        from("{{dabba.consumers.notifications.order-events}}").routeId("notification-order-events")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("notification-order-events"));
        from(DeadLetters.entry("notification-order-events"))
                .routeId(DeadLetters.entryRouteId("notification-order-events"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(notifications, "onOrderEvent")
                .filter(body().isNotNull())
                    .process(this::handOff)
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");

        // Once per instance (a consumer group per instance in prod): each instance pushes to its own sockets.
        // A push to a broken socket does not fail the route (OrderSockets logs it); a failure before the push (an
        // unreadable event) takes the one path, and a replay may push a frame twice: clients keep the latest.
        from("{{dabba.consumers.notifications.customer-live}}").routeId("notification-customer-live")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("notification-customer-live"));
        from(DeadLetters.entry("notification-customer-live"))
                .routeId(DeadLetters.entryRouteId("notification-customer-live"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(customerLive, "onOrderEvent");

        // Hands again what the channel has not taken once it falls due: a restart loses no notification.
        from("timer:notification-channel-sweep?delay=1000&period={{dabba.notifications.channel-sweep-interval}}")
                .routeId("notification-channel-sweep")
                .bean(channel, "sweep")
                .split(body())
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");
    }

    /** The notification as the channel receives it: its JSON, and nothing of the event's headers. */
    private void handOff(Exchange e) throws Exception {
        NotificationMessage n = e.getMessage().getBody(NotificationMessage.class);
        e.getMessage().removeHeaders("*", "Camel*"); // the redelivery counter is a Camel header
        e.getMessage().setBody(mapper.writeValueAsString(n));
    }
}
