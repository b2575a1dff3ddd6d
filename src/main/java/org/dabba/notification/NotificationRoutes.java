package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.dabba.platform.Json;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/**
 * GET /notifications; the consumers that write notifications from restaurant, courier and order events and hand each new
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
    CustomerLive customerLive;

    @Inject
    NotificationsConfig config;

    @Inject
    NotificationChannel channel;

    @Inject
    NotificationOutreach outreach;

    @Override
    public void configure() throws Exception {
        log.info("Notifications go to the channel {}", URISupport.sanitizeUri(config.channel()));

        from("direct:notificationList").routeId("notification-list")
                .process(e -> e.getMessage().setBody(notifications.forUser(Caller.required(e).userId(), Paging.page(e),
                        Paging.size(e))));

        // Once per cluster (shared consumer groups in prod): the owner's, the courier's and the customer's
        // notification is written once.
        notificationWriter("notification-restaurant-events", "{{dabba.consumers.notifications.restaurant-events}}",
                RestaurantNotifications::of, event -> { });
        notificationWriter("notification-courier-events", "{{dabba.consumers.notifications.courier-events}}",
                CourierNotifications::of, event -> { });
        notificationWriter("notification-order-events", "{{dabba.consumers.notifications.order-events}}",
                OrderNotifications::of, outreach::forRestaurant);

        // Once per instance (a consumer group per instance in prod): each instance pushes to its own sockets.
        // A push to a broken socket does not fail the route (CustomerOrderSockets logs it); a failure before the push (an
        // unreadable event) takes the one path, and a replay may push a frame twice: clients keep the latest.
        DeadLetters.consumer(this, "notification-customer-live", "{{dabba.consumers.notifications.customer-live}}")
                .bean(customerLive, "onOrderEvent");

        // Hands again what the channel has not taken once it falls due: a restart loses no notification.
        from("timer:notification-channel-sweep?delay=1000&period={{dabba.notifications.channel-sweep-interval}}")
                .routeId("notification-channel-sweep")
                .bean(channel, "sweep")
                .split(body())
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");
    }

    /**
     * An event consumer {@code consumer} (its route id) that writes the notification {@code write} derives from each
     * event of {@code source} and hands a new one to the channel, then does {@code also} with the event
     * (idempotent). Its entry ({@code consumer-apply}) is what a replay of its dead letters runs.
     */
    private void notificationWriter(String consumer, String source,
            Function<CloudEvent, Optional<NotificationMessage>> write, Consumer<CloudEvent> also) {
        DeadLetters.consumer(this, consumer, source)
                .process(e -> {
                    CloudEvent event = e.getMessage().getBody(CloudEvent.class);
                    e.getMessage().setBody(notifications.write(event, write.apply(event)));
                    also.accept(event);
                })
                .filter(body().isNotNull())
                    .process(this::handOff)
                    .to(FANOUT + "?waitForTaskToComplete=Never&blockWhenFull=true");
    }

    /** The notification as the channel receives it: its JSON, and nothing of the event's headers. */
    private void handOff(Exchange e) {
        NotificationMessage n = e.getMessage().getBody(NotificationMessage.class);
        e.getMessage().removeHeaders("*", "Camel*"); // the redelivery counter is a Camel header
        e.getMessage().setBody(Json.write(n));
    }
}
