package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.util.URISupport;
import org.dabba.notification.NotificationDeliveries.Due;
import org.dabba.notification.Preferences.Channel;
import org.dabba.platform.events.DeadLetters;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * {@code notification-delivery}: sends the due push, email and SMS deliveries ({@link NotificationDeliveries}), each
 * through its channel's endpoint, a kamelet: the provider's once its credentials are configured
 * ({@code camel.kamelet.dabba-fcm-push-sink.projectId}, {@code …dabba-smtp-email-sink.host},
 * {@code …dabba-twilio-sms-sink.accountSid}), or any endpoint in {@code dabba.notifications.<channel>.endpoint},
 * else the log sink. Retries are the deliveries' own (durable, with backoff), never the kamelet's.
 */
@ApplicationScoped
public class NotificationDeliveryRoutes extends RouteBuilder {

    @Inject
    NotificationDeliveries deliveries;

    @Inject
    NotificationsConfig config;

    @Override
    public void configure() {
        String push = endpoint(Channel.PUSH, config.push(), "dabba-fcm-push-sink", "projectId");
        String email = endpoint(Channel.EMAIL, config.email(), "dabba-smtp-email-sink", "host");
        String sms = endpoint(Channel.SMS, config.sms(), "dabba-twilio-sms-sink", "accountSid");

        ExecutorService senders = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "notification-delivery", config.delivery().batchSize());
        from("timer:notification-delivery?delay=1000&period={{dabba.notifications.delivery.poll-interval}}")
                .routeId("notification-delivery")
                .bean(deliveries, "claimDue")
                .split(body()).parallelProcessing().executorService(senders)
                    .setProperty(NotificationDeliveries.DUE, body())
                    .doTry()
                        .process(deliveries::prepare)
                        .to("direct:notification-channel")
                        .process(deliveries::sent)
                    .doCatch(Exception.class)
                        .process(deliveries::failed)
                    .end()
                .end();

        // A failure goes back to the caller's doCatch.
        from("direct:notification-channel").routeId("notification-channel").errorHandler(noErrorHandler())
                .choice()
                    .when(e -> channel(e) == Channel.PUSH).to(push)
                    .when(e -> channel(e) == Channel.EMAIL).to(email)
                    .otherwise().to(sms);

        // An admin's replay of a dead delivery makes it due again, with its attempts ahead of it.
        DeadLetters.entryRoute(this, NotificationDeliveries.CONSUMER).process(deliveries::revive);

        from("timer:notification-delivery-purge?delay=60000&period=3600000").routeId("notification-delivery-purge")
                .bean(deliveries, "purgeEnded")
                .filter(simple("${body} > 0"))
                    .log("Purged ${body} ended notification deliveries");
    }

    private static Channel channel(Exchange e) {
        return e.getProperty(NotificationDeliveries.DUE, Due.class).channel();
    }

    /** The channel's endpoint: as configured, else its provider's kamelet once configured, else the log. */
    private String endpoint(Channel channel, NotificationsConfig.Channel configured, String kamelet,
            String credential) {
        String uri = configured.endpoint().orElseGet(() -> ConfigProvider.getConfig()
                .getOptionalValue("camel.kamelet." + kamelet + "." + credential, String.class).isPresent()
                        ? "kamelet:" + kamelet
                        : "kamelet:dabba-log-sink?loggerName=org.dabba.notification." + channel.name().toLowerCase());
        log.info("{} notifications go to {}", channel, URISupport.sanitizeUri(uri));
        return uri;
    }
}
