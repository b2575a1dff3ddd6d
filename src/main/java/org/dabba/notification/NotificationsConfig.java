package org.dabba.notification;

import io.smallrye.config.ConfigMapping;

/** {@code dabba.notifications.*}: where notifications go besides {@code GET /notifications}. */
@ConfigMapping(prefix = "dabba.notifications")
public interface NotificationsConfig {

    /**
     * The outbound channel, a Camel endpoint URI (read by routes/notification-fanout.yaml): {@code kamelet:log-sink}
     * (the default) or e.g. {@code kamelet:webhook-sink?url=RAW(https://...)} with {@code camel.kamelet.webhook-sink.secret}.
     */
    String channel();

    /** Read by routes/notification-fanout.yaml. */
    Delivery delivery();

    interface Delivery {
        /** Tries after the first before a notification's delivery is dead-lettered. */
        int maxRedeliveries();

        /** First delay between tries (ms); it doubles each time. */
        long redeliveryDelay();

        /** The longest delay between two tries (ms). */
        long maxRedeliveryDelay();
    }
}
