package org.dabba.notification;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** {@code dabba.notifications.*}: where notifications go besides {@code GET /notifications}, and how
 * many devices a user may register. */
@ConfigMapping(prefix = "dabba.notifications")
public interface NotificationsConfig {

    /**
     * The outbound channel, a Camel endpoint URI (read by routes/notification-fanout.yaml): {@code kamelet:dabba-log-sink}
     * (the default) or e.g. {@code kamelet:dabba-webhook-sink?url=RAW(https://...)} with {@code camel.kamelet.dabba-webhook-sink.secret}.
     */
    String channel();

    /**
     * How long a new notification may wait for the channel before the sweep hands it again; longer than a delivery's
     * retries ({@code dabba.consumers.retry.*}), or one still being retried is handed twice.
     */
    Duration channelGrace();

    /** How often {@code notification-channel-sweep} looks for notifications the channel has not taken (ms). */
    long channelSweepInterval();

    /** At most this many notifications per sweep. */
    int channelSweepBatch();

    /**
     * At most this many devices per user ({@code POST /me/devices}); registering one more drops the one seen longest
     * ago. Generous: a phone, a tablet and browsers, and each reinstall a new token until the old one is reported
     * invalid.
     */
    int devicesPerUser();
}
