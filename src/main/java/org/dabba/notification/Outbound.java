package org.dabba.notification;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dabba.notification.Preferences.Channel;
import org.dabba.notification.Preferences.Kind;

/**
 * A message for one person outside the app, before their preferences, devices and addresses are looked up
 * ({@link NotificationDeliveries#send}): it becomes one delivery per device (push) and one per email or phone.
 *
 * @param id what the message is: planning the same id twice sends nothing new (one delivery per id, channel and
 *     address), so an event redelivered or a restart mid-planning sends once
 * @param kind the preferences it obeys; null for account messages (a verification code, a delivery code), which go
 *     whatever the preferences say
 * @param type what happened, e.g. {@code order.confirmed}; the push's {@code data.type}
 * @param priority HIGH for what someone must act on now (a new order, an offer): a data message that wakes the app
 * @param channels the channels it may take at all (preferences may narrow them)
 * @param template the template it is written with, in the person's locale ({@link NotificationTemplates})
 * @param data what the template reads
 * @param expiresAt after this it is worthless (an offer): not sent, not retried, not dead-lettered; null: never
 * @param address for account messages only: the unverified email or phone a verification code goes to; null: the
 *     person's verified ones and registered devices
 */
public record Outbound(UUID id, UUID userId, Kind kind, String type, UUID subjectId, Priority priority,
        Set<Channel> channels, String template, Map<String, Object> data, Instant expiresAt, String address) {

    public enum Priority { HIGH, NORMAL }

    /** An account message (a one-time code) to {@code address} on {@code channel}, whatever the preferences say. */
    public static Outbound account(UUID id, UUID userId, String type, Channel channel, String address,
            String template, Map<String, Object> data, Instant expiresAt) {
        return new Outbound(id, userId, null, type, userId, Priority.HIGH, Set.of(channel), template, data, expiresAt,
                address);
    }
}
