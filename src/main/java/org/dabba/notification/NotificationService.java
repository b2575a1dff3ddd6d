package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.ConsumedEvents;

/** Turns domain events into notifications for the people they concern. */
@ApplicationScoped
public class NotificationService {

    static final String CONSUMER = "notifications";

    public record NotificationView(UUID id, String type, String title, String body, UUID subjectId, Instant createdAt) {
    }

    public record NotificationPage(List<NotificationView> items, int page, int size, long total) {
    }

    @Inject
    ConsumedEvents consumed;

    /** Tells a restaurant's owner what the admins decided. Idempotent on the event id. */
    @Transactional
    public void onRestaurantEvent(CloudEvent event) {
        JsonNode data = event.data();
        String name = data.path("name").asText();
        String reason = data.path("statusReason").asText("");
        String[] text = switch (event.type()) {
            case "restaurant.verified" -> new String[] { "Your restaurant is approved",
                    name + " is verified. Add your menu and go ONLINE to take orders." };
            case "restaurant.rejected" -> new String[] { "Your restaurant was not approved",
                    name + " was rejected: " + reason };
            case "restaurant.deactivated" -> new String[] { "Your restaurant was deactivated",
                    name + " was deactivated by Dabba: " + reason };
            case "restaurant.reactivated" -> new String[] { "Your restaurant is active again",
                    name + " was reactivated. Go ONLINE to take orders." };
            default -> null;
        };
        if (text == null || !consumed.firstDelivery(CONSUMER, event.id())) {
            return;
        }
        Notification n = new Notification();
        n.id = UUID.randomUUID();
        n.userId = UUID.fromString(data.path("ownerId").asText());
        n.type = event.type();
        n.title = text[0];
        n.body = text[1];
        n.subjectId = UUID.fromString(event.subject());
        n.createdAt = Time.now();
        n.persist();
    }

    @Transactional
    public NotificationPage forUser(UUID userId, int page, int size) {
        var query = Notification.<Notification>find("userId", Sort.by("createdAt").descending(), userId);
        List<NotificationView> items = query.page(Page.of(page, size)).list().stream()
                .map(n -> new NotificationView(n.id, n.type, n.title, n.body, n.subjectId, n.createdAt))
                .toList();
        return new NotificationPage(items, page, size, query.count());
    }
}
