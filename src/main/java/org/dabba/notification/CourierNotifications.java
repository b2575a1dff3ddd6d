package org.dabba.notification;

import java.util.Optional;
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
        CourierProfile c;
        String type;
        String[] text;
        // The unprefixed names are what instances before org.dabba.* types published: still read during an upgrade
        // (events in flight, parked ones replayed).
        switch (event.type()) {
            case CourierVerified.TYPE, "courier.verified" -> {
                c = event.data(CourierVerified.class).courier();
                type = "courier.verified";
                text = new String[] { "You are approved to deliver",
                        "Your courier account is verified. Go AVAILABLE to receive offers." };
            }
            case CourierRejected.TYPE, "courier.rejected" -> {
                c = event.data(CourierRejected.class).courier();
                type = "courier.rejected";
                text = new String[] { "Your courier account was not approved",
                        "Your courier account was rejected: " + reason(c) };
            }
            case CourierSuspended.TYPE, "courier.suspended" -> {
                c = event.data(CourierSuspended.class).courier();
                type = "courier.suspended";
                text = new String[] { "Your courier account is suspended",
                        "You receive no offers until Dabba reinstates you: " + reason(c) };
            }
            case CourierReinstated.TYPE, "courier.reinstated" -> {
                c = event.data(CourierReinstated.class).courier();
                type = "courier.reinstated";
                text = new String[] { "Your courier account is active again",
                        "You were reinstated. Go AVAILABLE to receive offers." };
            }
            default -> {
                return Optional.empty();
            }
        }
        if (c.id() == null) {
            return Optional.empty();
        }
        return Optional.of(new NotificationMessage(NotificationMessage.idFor(event.id()), c.id(), type, text[0],
                text[1], c.id(), event.time()));
    }

    private static String reason(CourierProfile c) {
        return c.statusReason() == null ? "" : c.statusReason();
    }
}
