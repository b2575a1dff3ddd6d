package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/**
 * Writes the notifications events make (the owner's from restaurant events, the customer's from order events)
 * and reads them back. A notification's id is derived from its event's, so a redelivered event writes nothing.
 */
@ApplicationScoped
public class NotificationService {

    public record NotificationView(UUID id, String type, String title, String body, UUID subjectId, Instant createdAt) {
    }

    public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
    }

    @Inject
    NotificationChannel channel;

    @Inject
    NotificationOutreach outreach;

    /**
     * Stores the notification an event made (if any) unless it is stored already, due for the channel
     * (NotificationChannel), with its push, email and SMS deliveries (NotificationOutreach): @return it the first
     * time (for the channel's fast path), else null.
     */
    @Transactional
    public NotificationMessage write(CloudEvent event, Optional<NotificationMessage> notification) {
        if (notification.isEmpty()) {
            return null;
        }
        NotificationMessage n = notification.get();
        int inserted = Panache.getEntityManager().createNativeQuery("""
                insert into notifications (id, user_id, type, title, body, subject_id, created_at, channel_due_at)
                values (:id, :user, :type, :title, :body, :subject, :at, :due) on conflict (id) do nothing""")
                .setParameter("id", n.id())
                .setParameter("user", n.userId())
                .setParameter("type", n.type())
                .setParameter("title", n.title())
                .setParameter("body", n.body())
                .setParameter("subject", n.subjectId())
                .setParameter("at", n.createdAt())
                .setParameter("due", channel.firstDue())
                .executeUpdate();
        if (inserted == 0) {
            return null;
        }
        outreach.reach(event, n);
        return n;
    }

    @Transactional
    public NotificationPage forUser(UUID userId, int page, int size) {
        var query = Notification.<Notification>find("userId", Sort.by("createdAt").descending().and("id"), userId);
        List<NotificationView> items = query.page(Page.of(page, size)).list().stream()
                .map(n -> new NotificationView(n.id, n.type, n.title, n.body, n.subjectId, n.createdAt))
                .toList();
        return new NotificationPage(items, page, size, query.count());
    }
}
