package org.dabba.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;

/** What a restaurant event tells the restaurant's owner (the admins' decisions): pure, like {@link OrderNotifications}. */
public final class RestaurantNotifications {

    private RestaurantNotifications() {
    }

    /** The owner's notification for {@code event}, or empty for events that make none. */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || !data.hasNonNull("ownerId")) {
            return Optional.empty();
        }
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
        if (text == null) {
            return Optional.empty();
        }
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()),
                UUID.fromString(data.path("ownerId").asText()), event.type(), text[0], text[1],
                UUID.fromString(event.subject()), event.time()));
    }
}
