package org.dabba.notification;

import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.events.RestaurantDeactivated;
import org.dabba.restaurant.events.RestaurantReactivated;
import org.dabba.restaurant.events.RestaurantRejected;
import org.dabba.restaurant.events.RestaurantState;
import org.dabba.restaurant.events.RestaurantVerified;

/** What a restaurant event tells the restaurant's owner (the admins' decisions): pure, like {@link OrderNotifications}. */
public final class RestaurantNotifications {

    private RestaurantNotifications() {
    }

    /**
     * The owner's notification for {@code event}, or empty for events that make none. Its {@code type} is the
     * decision in the domain's words ({@code restaurant.verified}, ...), as clients of /notifications know it.
     */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        if (event.data() == null) {
            return Optional.empty();
        }
        RestaurantState r;
        String type;
        String[] text;
        // The unprefixed names are what instances before org.dabba.* types published: still read during an upgrade
        // (events in flight, parked ones replayed).
        switch (event.type()) {
            case RestaurantVerified.TYPE, "restaurant.verified" -> {
                r = event.data(RestaurantVerified.class).restaurant();
                type = "restaurant.verified";
                text = new String[] { "Your restaurant is approved",
                        r.name() + " is verified. Add your menu and go ONLINE to take orders." };
            }
            case RestaurantRejected.TYPE, "restaurant.rejected" -> {
                r = event.data(RestaurantRejected.class).restaurant();
                type = "restaurant.rejected";
                text = new String[] { "Your restaurant was not approved", r.name() + " was rejected: " + reason(r) };
            }
            case RestaurantDeactivated.TYPE, "restaurant.deactivated" -> {
                r = event.data(RestaurantDeactivated.class).restaurant();
                type = "restaurant.deactivated";
                text = new String[] { "Your restaurant was deactivated",
                        r.name() + " was deactivated by Dabba: " + reason(r) };
            }
            case RestaurantReactivated.TYPE, "restaurant.reactivated" -> {
                r = event.data(RestaurantReactivated.class).restaurant();
                type = "restaurant.reactivated";
                text = new String[] { "Your restaurant is active again",
                        r.name() + " was reactivated. Go ONLINE to take orders." };
            }
            default -> {
                return Optional.empty();
            }
        }
        if (r.ownerId() == null) {
            return Optional.empty();
        }
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()), r.ownerId(), type, text[0],
                text[1], UUID.fromString(event.subject()), event.time()));
    }

    private static String reason(RestaurantState r) {
        return r.statusReason() == null ? "" : r.statusReason();
    }
}
