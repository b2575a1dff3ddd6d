package org.dabba.notification;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;
import java.util.Optional;

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

    /** Push to devices ({@code dabba.notifications.push.*}). */
    Channel push();

    /** Email to verified addresses ({@code dabba.notifications.email.*}). */
    Channel email();

    /** SMS to verified phones ({@code dabba.notifications.sms.*}). */
    Channel sms();

    /** How push, email and SMS deliveries are sent ({@code dabba.notifications.delivery.*}). */
    Delivery delivery();

    /**
     * How long a restaurant's new-order alert waits for the owner (accepted, rejected, or seen on the dashboard)
     * before it goes again by SMS; the order's acceptance timeout is unchanged.
     */
    Duration newOrderSmsAfter();

    /** One outbound channel. */
    interface Channel {

        /**
         * Where its messages go, a Camel endpoint URI (e.g. {@code kamelet:dabba-fcm-push-sink}); unset: the
         * channel's provider kamelet once its credentials are configured, else the log sink.
         */
        Optional<String> endpoint();
    }

    interface Delivery {

        /** How often due deliveries are looked for (ms). */
        long pollInterval();

        /** At most this many per look, sent in parallel. */
        int batchSize();

        /** Attempts before a delivery is dead-lettered (a refusal, e.g. an HTTP 400, is dead at once). */
        int maxAttempts();

        /** The wait after the first failure; it doubles after each failure up to {@link #retryMaxDelay}. */
        Duration retryDelay();

        Duration retryMaxDelay();

        /** How long one attempt may take at its worst; a delivery claimed longer ago is due again. */
        Duration lease();

        /** How long sent and ended deliveries are kept. */
        Duration retention();
    }
}
