package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/** What a courier event tells the courier (the admins' decisions): pure, like {@link RestaurantNotifications}. */
public final class CourierNotifications {

    private CourierNotifications() {
    }

    /** The courier's notification for {@code event}, or empty for events that make none. */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || !data.hasNonNull("id")) {
            return Optional.empty();
        }
        String reason = data.path("statusReason").asText("");
        String[] text = switch (event.type()) {
            case "courier.verified" -> new String[] { "You are approved to deliver",
                    "Your courier account is verified. Go AVAILABLE to receive offers." };
            case "courier.rejected" -> new String[] { "Your courier account was not approved",
                    "Your courier account was rejected: " + reason };
            case "courier.suspended" -> new String[] { "Your courier account is suspended",
                    "You receive no offers until Dabba reinstates you: " + reason };
            case "courier.reinstated" -> new String[] { "Your courier account is active again",
                    "You were reinstated. Go AVAILABLE to receive offers." };
            default -> null;
        };
        if (text == null) {
            return Optional.empty();
        }
        UUID courierId = UUID.fromString(data.path("id").asText());
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()), courierId, event.type(),
                text[0], text[1], courierId, event.time()));
    }
}
