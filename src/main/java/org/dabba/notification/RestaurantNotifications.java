package org.dabba.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.events.RestaurantDeactivated;
import org.dabba.restaurant.events.RestaurantEvent;
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
        // The unprefixed names are what instances before org.dabba.* types published: still read during an upgrade
        // (events in flight, parked ones replayed).
        return switch (event.type()) {
            case RestaurantVerified.TYPE, "restaurant.verified" -> toOwner(event, RestaurantVerified.class,
                    "restaurant.verified", "Your restaurant is approved",
                    r -> r.name() + " is verified. Add your menu and go ONLINE to take orders.");
            case RestaurantRejected.TYPE, "restaurant.rejected" -> toOwner(event, RestaurantRejected.class,
                    "restaurant.rejected", "Your restaurant was not approved",
                    r -> r.name() + " was rejected: " + reason(r));
            case RestaurantDeactivated.TYPE, "restaurant.deactivated" -> toOwner(event, RestaurantDeactivated.class,
                    "restaurant.deactivated", "Your restaurant was deactivated",
                    r -> r.name() + " was deactivated by Dabba: " + reason(r));
            case RestaurantReactivated.TYPE, "restaurant.reactivated" -> toOwner(event, RestaurantReactivated.class,
                    "restaurant.reactivated", "Your restaurant is active again",
                    r -> r.name() + " was reactivated. Go ONLINE to take orders.");
            default -> Optional.empty();
        };
    }

    /**
     * What the owner's notification for {@code event} is made of, for its templates ({@link NotificationTemplates}):
     * {@code restaurantId}, {@code restaurantName}, {@code reason} (the admin's words, null when none).
     */
    public static Map<String, Object> facts(CloudEvent event) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (event.data() == null) {
            return facts;
        }
        RestaurantState r = event.data(RestaurantVerified.class).restaurant();
        facts.put("restaurantId", r.id());
        facts.put("restaurantName", r.name());
        facts.put("reason", reason(r).isBlank() ? null : reason(r));
        return facts;
    }

    private static Optional<NotificationMessage> toOwner(CloudEvent event, Class<? extends RestaurantEvent> data,
            String type, String title, Function<RestaurantState, String> body) {
        RestaurantState r = event.data(data).restaurant();
        return Optional.ofNullable(r.ownerId()).map(owner -> new NotificationMessage(
                NotificationMessage.idFor(event.id()), owner, type, title, body.apply(r),
                UUID.fromString(event.subject()), event.time()));
    }

    private static String reason(RestaurantState r) {
        return r.statusReason() == null ? "" : r.statusReason();
    }
}
