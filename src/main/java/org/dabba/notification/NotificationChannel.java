package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.jobs.Leases;

/**
 * The durable hand-off of notifications to the outbound channel (routes/notification-fanout.yaml). A new
 * notification is stored with a due time ({@code channel_due_at}, now + {@code dabba.notifications.channel-grace})
 * and handed to the in-memory queue at once; a delivery marks it sent. The sweep hands again every notification
 * still unsent when it falls due (a restart emptied the queue, the instance died), unless the channel consumer
 * parked or discarded it as a dead letter: a replay or nothing sends those. At least once: a receiver may see a
 * notification twice and keys on its id.
 */
@ApplicationScoped
@Named("notificationChannel")
public class NotificationChannel {

    /** The consumer route that delivers to the channel: its dead letters are its own to replay. */
    static final String CONSUMER = "notification-fanout";

    @Inject
    NotificationsConfig config;

    /** The due time of a notification written now. */
    Instant firstDue() {
        return Time.now().plus(config.channelGrace());
    }

    /** Before the channel: the notification's JSON and its content type, and nothing of whatever came before. */
    public void prepare(Exchange e) {
        String json = e.getMessage().getBody(String.class);
        JsonNode n = Json.read(json, JsonNode.class);
        e.setProperty(NotificationRoutes.NOTIFICATION_ID, n.path("id").asText());
        // Camel's own headers stay: the redelivery counter lives there (the HTTP component never sends them).
        e.getMessage().removeHeaders("*", "Camel*");
        e.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        e.getMessage().setBody(json);
    }

    /** After the channel took it: never handed again. */
    public void sent(Exchange e) {
        UUID id = UUID.fromString(e.getProperty(NotificationRoutes.NOTIFICATION_ID, String.class));
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery(
                "update notifications set channel_sent_at = :now, channel_due_at = null where id = :id")
                .setParameter("now", Time.now())
                .setParameter("id", id)
                .executeUpdate());
    }

    /**
     * Claims the unsent notifications that fell due (several instances may sweep: SKIP LOCKED) and pushes their due
     * time one grace period on, so that one being delivered now is not handed twice. @return their JSON
     */
    public List<String> sweep() {
        return Leases.claim(new Leases.Claim<>("notifications", "id", "channel_due_at", """
                select n.id, n.user_id, n.type, n.title, n.body, n.subject_id, n.created_at from notifications n
                where n.channel_sent_at is null and n.channel_due_at <= :now
                  and not exists (select 1 from dead_letters d where d.consumer = :consumer
                                  and d.event_id = n.id::text and d.status in ('PARKED', 'DISCARDED'))
                order by n.channel_due_at limit :limit for update of n skip locked""", Map.of("consumer", CONSUMER),
                config.channelSweepBatch(), config.channelGrace(), "channel_attempts = channel_attempts + 1",
                r -> Json.write(new NotificationMessage((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                        (String) r[4], (UUID) r[5], Leases.instant(r[6])))));
    }
}
