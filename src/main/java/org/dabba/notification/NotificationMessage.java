package org.dabba.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * One notification as a value: what the writer stores, what the customer's socket shows and what the outbound
 * channel receives as JSON. Derived from one event by a pure function, so every place that derives it (the writer
 * once per cluster, the live pusher once per instance) gets the same id, text and time.
 *
 * @param type what happened, in the domain's words, e.g. {@code order.payment.success}: the names clients of
 *     /notifications and the channel know, kept when the events' CloudEvents types changed
 * @param subjectId what it is about: the order or the restaurant
 * @param createdAt the event's time
 */
public record NotificationMessage(UUID id, UUID userId, String type, String title, String body, UUID subjectId,
        Instant createdAt) {

    /** The notification id of an event: name-based, so a redelivered event names the same notification. */
    public static UUID idFor(String eventId) {
        return UUID.nameUUIDFromBytes(("dabba-notification:" + eventId).getBytes(StandardCharsets.UTF_8));
    }
}
