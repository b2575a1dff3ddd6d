package org.dabba.notification;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dabba.delivery.events.CourierEvent;
import org.dabba.delivery.events.CourierProfile;
import org.dabba.delivery.events.CourierReinstated;
import org.dabba.delivery.events.CourierRejected;
import org.dabba.delivery.events.CourierSuspended;
import org.dabba.delivery.events.CourierVerified;
import org.dabba.platform.events.CloudEvent;

/** What a courier event tells the courier (the admins' decisions): pure, like {@link RestaurantNotifications}. */
public final class CourierNotifications {

    private CourierNotifications() {
    }

    /**
     * The courier's notification for {@code event}, or empty for events that make none. Its {@code type} is the
     * decision in the domain's words ({@code courier.verified}, ...), as clients of /notifications know it.
     */
    public static Optional<NotificationMessage> of(CloudEvent event) {
        if (event.data() == null) {
            return Optional.empty();
        }
        // The unprefixed names are what instances before org.dabba.* types published: still read during an upgrade
        // (events in flight, parked ones replayed).
        return switch (event.type()) {
            case CourierVerified.TYPE, "courier.verified" -> toCourier(event, CourierVerified.class,
                    "courier.verified", "You are approved to deliver",
                    c -> "Your courier account is verified. Go AVAILABLE to receive offers.");
            case CourierRejected.TYPE, "courier.rejected" -> toCourier(event, CourierRejected.class,
                    "courier.rejected", "Your courier account was not approved",
                    c -> "Your courier account was rejected: " + reason(c));
            case CourierSuspended.TYPE, "courier.suspended" -> toCourier(event, CourierSuspended.class,
                    "courier.suspended", "Your courier account is suspended",
                    c -> "You receive no offers until Dabba reinstates you: " + reason(c));
            case CourierReinstated.TYPE, "courier.reinstated" -> toCourier(event, CourierReinstated.class,
                    "courier.reinstated", "Your courier account is active again",
                    c -> "You were reinstated. Go AVAILABLE to receive offers.");
            default -> Optional.empty();
        };
    }

    /**
     * What the courier's notification for {@code event} is made of, for its templates ({@link NotificationTemplates}):
     * {@code reason} (the admin's words, null when none).
     */
    public static Map<String, Object> facts(CloudEvent event) {
        Map<String, Object> facts = new LinkedHashMap<>();
        if (event.data() == null) {
            return facts;
        }
        CourierProfile c = event.data(CourierVerified.class).courier();
        facts.put("reason", reason(c).isBlank() ? null : reason(c));
        return facts;
    }

    private static Optional<NotificationMessage> toCourier(CloudEvent event, Class<? extends CourierEvent> data,
            String type, String title, Function<CourierProfile, String> body) {
        CourierProfile c = event.data(data).courier();
        return Optional.ofNullable(c.id()).map(courier -> new NotificationMessage(
                NotificationMessage.idFor(event.id()), courier, type, title, body.apply(c), courier, event.time()));
    }

    private static String reason(CourierProfile c) {
        return c.statusReason() == null ? "" : c.statusReason();
    }
}
