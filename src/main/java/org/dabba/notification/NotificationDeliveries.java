package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.dabba.identity.Contacts;
import org.dabba.identity.Contacts.Contact;
import org.dabba.notification.DeviceBodies.DeviceView;
import org.dabba.notification.NotificationTemplates.Rendered;
import org.dabba.notification.Outbound.Priority;
import org.dabba.notification.channels.ChannelHeaders;
import org.dabba.notification.Preferences.Channel;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.jobs.Backoff;
import org.dabba.platform.jobs.Leases;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jboss.logging.Logger;

/**
 * Push, email and SMS deliveries: an {@link Outbound} message becomes one row per device, email and phone the person
 * allows and proved theirs, rendered in their locale; {@code notification-delivery} (NotificationDeliveryRoutes)
 * claims due rows with a lease, sends each through its channel's kamelet and records the outcome here. A failure is
 * due again after a backoff; a provider's refusal ({@link #refused}) or the last attempt parks a dead letter; an offer that ran out is dropped. A row is sent at most once per claim and marked sent as soon as the
 * provider took it: only an instance dying between the two sends it again (at least once).
 */
@ApplicationScoped
public class NotificationDeliveries {

    private static final Logger LOG = Logger.getLogger(NotificationDeliveries.class);

    /** The dead letters' consumer: a replay sends the delivery once more. */
    public static final String CONSUMER = "notification-delivery";
    /** The exchange property the route keeps the claimed {@link Due} in. */
    static final String DUE = "dabbaNotificationDelivery";
    private static final int MAX_ERROR = 1000;

    @Inject
    Contacts contacts;

    @Inject
    NotificationPreferences preferences;

    @Inject
    Devices devices;

    @Inject
    NotificationTemplates templates;

    @Inject
    NotificationsConfig config;

    @Inject
    DeadLetters deadLetters;

    /** A claimed delivery; its address and message stay out of {@link #toString()} (logs). */
    public record Due(UUID id, UUID notificationId, Channel channel, String address, String type, UUID subjectId,
            String payload, int attempts, Instant expiresAt) {

        @Override
        public String toString() {
            return "NotificationDelivery[" + id + ", " + channel + " " + type + ", attempt " + (attempts + 1) + "]";
        }
    }

    /** Where one message goes on a channel: a device (token and platform) or an address. */
    private record Target(String address, Device.Platform platform) {
    }

    /**
     * Plans the deliveries of {@code message} by the person's preferences, devices and verified addresses; joins the
     * caller's transaction. Planning the same message id again adds nothing. @return how many were planned anew
     */
    @Transactional
    public int send(Outbound message) {
        return plan(message, message.channels(), Time.now(), false);
    }

    /**
     * An alert that must be seen: {@code alert} now on its channels but SMS, and by SMS after {@code after} unless
     * it is acknowledged first ({@link #acknowledge}). Someone with no push at all gets the SMS at once.
     */
    @Transactional
    public int sendWithFallback(Outbound alert, Duration after) {
        Set<Channel> now = EnumSet.copyOf(alert.channels());
        now.remove(Channel.SMS);
        int planned = now.isEmpty() ? 0 : plan(alert, now, Time.now(), false);
        boolean pushes = planned > 0 || exists(alert.id(), Channel.PUSH);
        return planned + (alert.channels().contains(Channel.SMS)
                ? plan(alert, Set.of(Channel.SMS), pushes ? Time.now().plus(after) : Time.now(), pushes) : 0);
    }

    /**
     * Cancels the fallbacks still waiting for {@code subjectId} (e.g. the owner's SMS of a new order the owner
     * accepted or saw); only {@code userId}'s when given. @return how many
     */
    @Transactional
    public int acknowledge(UUID subjectId, UUID userId) {
        return Panache.getEntityManager().createNativeQuery("""
                update notification_deliveries set status = 'CANCELLED', due_at = null
                where subject_id = :subject and unless_acknowledged and status = 'PENDING'
                  and (cast(:user as uuid) is null or user_id = cast(:user as uuid))""")
                .setParameter("subject", subjectId)
                .setParameter("user", userId)
                .executeUpdate();
    }

    private int plan(Outbound m, Set<Channel> channels, Instant due, boolean unlessAcknowledged) {
        Contact person = contacts.of(m.userId()).filter(c -> !c.disabled()).orElse(null);
        if (person == null) {
            return 0;
        }
        Preferences allowed = m.kind() == null ? null : preferences.of(person.userId(), person.role());
        int planned = 0;
        for (Channel channel : EnumSet.copyOf(channels)) {
            if (allowed != null && !allowed.allows(m.kind(), channel)) {
                continue;
            }
            List<Target> targets = targets(m, person, channel);
            if (targets.isEmpty()) {
                continue;
            }
            Rendered text;
            try {
                text = templates.render(m.template(), channel, person.locale(), m.data());
            } catch (RuntimeException unsayable) {
                // A template that cannot say this message will not on a retry either: the other channels go on.
                LOG.errorf("%s of %s on %s cannot be written: %s", m.template(), m.id(), channel, unsayable);
                continue;
            }
            for (Target target : targets) {
                UUID id = UUID.randomUUID();
                planned += Panache.getEntityManager().createNativeQuery("""
                        insert into notification_deliveries (id, notification_id, user_id, channel, address, type,
                            subject_id, payload, status, due_at, expires_at, unless_acknowledged, created_at)
                        values (:id, :notification, :user, :channel, :address, :type, :subject, :payload, 'PENDING',
                                :due, :expires, :unless, :now)
                        on conflict (notification_id, channel, address) do nothing""")
                        .setParameter("id", id)
                        .setParameter("notification", m.id())
                        .setParameter("user", person.userId())
                        .setParameter("channel", channel.name())
                        .setParameter("address", target.address())
                        .setParameter("type", m.type())
                        .setParameter("subject", m.subjectId())
                        .setParameter("payload", payload(id, m, channel, target, text))
                        .setParameter("due", due)
                        .setParameter("expires", m.expiresAt())
                        .setParameter("unless", unlessAcknowledged)
                        .setParameter("now", Time.now())
                        .executeUpdate();
            }
        }
        return planned;
    }

    /** Where {@code m} goes on {@code channel}: the devices, or the proven address (a code: the one to prove). */
    private List<Target> targets(Outbound m, Contact person, Channel channel) {
        if (channel == Channel.PUSH) {
            return devices.of(person.userId()).stream().map((DeviceView d) -> new Target(d.token(), d.platform()))
                    .toList();
        }
        String address = m.kind() == null && m.address() != null ? m.address()
                : (channel == Channel.EMAIL ? person.verifiedEmail() : person.verifiedPhone()).orElse(null);
        return address == null ? List.of() : List.of(new Target(address, null));
    }

    /** The channel's message, as its kamelet reads it (kamelets/README.md, "Notification channels"). */
    private static String payload(UUID id, Outbound m, Channel channel, Target target, Rendered text) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        switch (channel) {
            case PUSH -> {
                Map<String, Object> data = new LinkedHashMap<>();
                data.put("type", m.type());
                data.put("notificationId", m.id().toString());
                if (m.subjectId() != null) {
                    data.put("subjectId", m.subjectId().toString());
                }
                if (m.expiresAt() != null) {
                    data.put("expiresAt", m.expiresAt().toString());
                }
                body.put("token", target.address());
                body.put("platform", target.platform());
                body.put("priority", m.priority() == null ? Priority.NORMAL : m.priority());
                body.put("title", text.title());
                body.put("body", text.text());
                body.put("data", data);
                body.put("ttlSeconds", m.expiresAt() == null ? null
                        : Math.max(1, Duration.between(Time.now(), m.expiresAt()).toSeconds()));
                body.put("collapseKey", m.id().toString());
            }
            case EMAIL -> {
                body.put("to", target.address());
                body.put("subject", text.title());
                body.put("text", text.text());
                body.put("html", text.html());
            }
            case SMS -> {
                body.put("to", target.address());
                body.put("body", text.text());
            }
        }
        return Json.write(body);
    }

    private static boolean exists(UUID notificationId, Channel channel) {
        return ((Number) Panache.getEntityManager().createNativeQuery("""
                select count(*) from notification_deliveries where notification_id = :id and channel = :channel""")
                .setParameter("id", notificationId).setParameter("channel", channel.name())
                .getSingleResult()).intValue() > 0;
    }

    /**
     * The due deliveries, each leased until its call must be over (then due again, should this instance die);
     * those whose message ran out meanwhile are dropped instead.
     */
    public List<Due> claimDue() {
        List<Due> claimed = Leases.claim(new Leases.Claim<>("notification_deliveries", "id", "due_at", """
                select d.id, d.notification_id, d.channel, d.address, d.type, d.subject_id, d.payload, d.attempts,
                       d.expires_at
                from notification_deliveries d
                where d.status = 'PENDING' and d.due_at <= :now
                order by d.due_at limit :limit
                for update skip locked""", Map.of(), config.delivery().batchSize(), config.delivery().lease(), null,
                r -> new Due((UUID) r[0], (UUID) r[1], Channel.valueOf((String) r[2]), (String) r[3], (String) r[4],
                        (UUID) r[5], (String) r[6], ((Number) r[7]).intValue(), Leases.instant(r[8]))));
        Instant now = Time.now();
        List<Due> live = new ArrayList<>();
        for (Due due : claimed) {
            if (due.expiresAt() != null && !now.isBefore(due.expiresAt())) {
                record(due, "EXPIRED", due.attempts(), null, null, null);
            } else {
                live.add(due);
            }
        }
        return live;
    }

    /** The message and nothing else of the flow, for the channel's kamelet. */
    public void prepare(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        exchange.setProperty(NotificationRoutes.NOTIFICATION_ID, due.id().toString());
        Message message = exchange.getMessage();
        // Camel's own headers stay: the split's bookkeeping lives there (no sink sends them).
        message.removeHeaders("*", "Camel*");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setBody(due.payload());
    }

    /** The provider took it, or said the device token is gone (then the device is forgotten). */
    public void sent(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        if (due.channel() == Channel.PUSH
                && Boolean.TRUE.equals(exchange.getMessage().getHeader(ChannelHeaders.ADDRESS_GONE, Boolean.class))) {
            devices.remove(due.address());
            record(due, "GONE", due.attempts() + 1, "the push service no longer knows this device", null, null);
            LOG.infof("%s: the device token is gone; the device is removed", due);
            return;
        }
        record(due, "SENT", due.attempts() + 1, null, Time.now(), null);
    }

    /**
     * The send failed: due again after a backoff, or dead (a refusal that repeating cannot change, or the last
     * attempt) and parked as a dead letter; a message that will have run out by its next attempt is dropped.
     */
    public void failed(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        HttpOperationFailedException answered = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        boolean refused = refused(failure);
        String error = Leases.truncate(answered != null
                ? "HTTP " + answered.getStatusCode() + describe(answered.getResponseBody())
                : failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(), MAX_ERROR);
        // What logs and the dead letter say: a provider's answer may quote the phone or the email address, which
        // stays with the delivery's row (last_error) only.
        String outline = answered != null ? "HTTP " + answered.getStatusCode()
                : failure == null ? "unknown failure" : failure.getClass().getSimpleName();
        int attempts = due.attempts() + 1;
        NotificationsConfig.Delivery delivery = config.delivery();
        Instant next = new Backoff(delivery.retryDelay(), delivery.retryMaxDelay()).next(Time.now(), attempts);
        if (!refused && attempts < delivery.maxAttempts()) {
            boolean runsOut = due.expiresAt() != null && !next.isBefore(due.expiresAt());
            record(due, runsOut ? "EXPIRED" : "PENDING", attempts, error, null, runsOut ? null : next);
            LOG.infof("%s failed (%s); %s", due, outline, runsOut ? "it runs out before a next attempt"
                    : "next at " + next);
            return;
        }
        if (record(due, "DEAD", attempts, error, null, null)) {
            Map<String, Object> letter = new LinkedHashMap<>();
            letter.put("id", due.id());
            letter.put("type", due.type());
            letter.put("subject", due.subjectId());
            letter.put("channel", due.channel());
            letter.put("notificationId", due.notificationId());
            deadLetters.park(CONSUMER, Json.write(letter), outline + (refused ? ", refused" : ", the last attempt")
                    + " (the provider's answer: notification_deliveries.last_error of delivery " + due.id() + ")",
                    attempts);
        }
    }

    /**
     * Whether repeating cannot help: the provider refused the message (HTTP 4xx but 401, whose token the sink has
     * dropped, 408 and 429; an SMTP 5xx for a recipient or the message) or the channel is set up wrongly. Timeouts,
     * outages and 5xx are worth another attempt.
     */
    static boolean refused(Throwable failure) {
        HttpOperationFailedException answered = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        if (answered != null) {
            int status = answered.getStatusCode();
            return status >= 400 && status < 500 && status != 401 && status != 408 && status != 429;
        }
        SMTPAddressFailedException recipient = ObjectHelper.getException(SMTPAddressFailedException.class, failure);
        if (recipient != null) {
            return recipient.getReturnCode() >= 500;
        }
        SMTPSendFailedException message = ObjectHelper.getException(SMTPSendFailedException.class, failure);
        if (message != null) {
            return message.getReturnCode() >= 500;
        }
        return ObjectHelper.getException(IllegalArgumentException.class, failure) != null;
    }

    /** A replayed dead letter: the delivery is due again now, with all its attempts ahead of it. */
    public void revive(Exchange exchange) {
        UUID id = UUID.fromString(Json.read(exchange.getMessage().getBody(String.class),
                com.fasterxml.jackson.databind.JsonNode.class).path("id").asText());
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                update notification_deliveries set status = 'PENDING', attempts = 0, due_at = :now
                where id = :id and status = 'DEAD'""")
                .setParameter("now", Time.now()).setParameter("id", id).executeUpdate());
    }

    /** Forgets deliveries that ended (sent, gone, expired, cancelled) longer ago than the retention; DEAD ones stay. */
    public int purgeEnded() {
        Instant before = Time.now().minus(config.delivery().retention());
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                delete from notification_deliveries
                where status in ('SENT', 'GONE', 'EXPIRED', 'CANCELLED') and created_at < :before""")
                .setParameter("before", before).executeUpdate());
    }

    /** The claimed attempt's outcome, unless the delivery moved on meanwhile (claimed again after its lease). */
    private static boolean record(Due due, String status, int attempts, String error, Instant sentAt, Instant next) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                update notification_deliveries set status = :status, attempts = :attempts, last_error = :error,
                    sent_at = :sent, due_at = :next
                where id = :id and status = 'PENDING' and attempts = :claimed""")
                .setParameter("status", status)
                .setParameter("attempts", attempts)
                .setParameter("error", error)
                .setParameter("sent", sentAt)
                .setParameter("next", next)
                .setParameter("id", due.id())
                .setParameter("claimed", due.attempts())
                .executeUpdate()) == 1;
    }

    private static String describe(String body) {
        return body == null || body.isBlank() ? "" : ": " + body.strip();
    }
}
