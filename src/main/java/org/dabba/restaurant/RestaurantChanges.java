package org.dabba.restaurant;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dabba.media.MediaService;
import org.dabba.media.UploadedImage;
import org.dabba.platform.Time;
import org.dabba.platform.events.Outbox;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.events.RestaurantEvent;
import org.dabba.restaurant.events.RestaurantState;
import org.dabba.restaurant.events.RestaurantUpdated;
import org.jboss.logging.Logger;

/**
 * How every change to a restaurant ends: stamped, flushed and published with its event in the same transaction
 * (the outbox), so a restaurant never changes without the event that says so.
 */
@ApplicationScoped
class RestaurantChanges {

    static final String EVENTS = "restaurant";

    private static final Logger LOG = Logger.getLogger(RestaurantChanges.class);

    @Inject
    Outbox outbox;

    @Inject
    MediaService photos;

    @Inject
    Event<RestaurantChanged> changes;

    /** Stamps the change, flushes it so the version is final, and writes the event in this transaction. */
    RestaurantView publish(Restaurant r, Function<RestaurantState, RestaurantEvent> event) {
        r.updatedAt = Time.now();
        Restaurant.flush();
        RestaurantView view = RestaurantView.of(r, true);
        outbox.publish(EVENTS, r.id, event.apply(state(view)));
        changes.fire(new RestaurantChanged(r.id));
        return view;
    }

    /**
     * What the jobs change on many restaurants: each changed and published as updated in a transaction of its own,
     * so that one failing (logged; {@code retry} says when it comes again) holds up none of the others. Answers how
     * many were published.
     */
    int updateEach(Collection<UUID> ids, Consumer<Restaurant> change, String retry) {
        int published = 0;
        for (UUID id : ids) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Restaurant r = Restaurant.findById(id);
                    change.accept(r);
                    publish(r, RestaurantUpdated::new);
                });
                published++;
            } catch (RuntimeException e) {
                LOG.warnf("Restaurant %s not updated (%s); %s", id, e.toString(), retry);
            }
        }
        return published;
    }

    /** The logo sent as a data URL, checked before anything is stored; null when none was sent. */
    static UploadedImage logo(String dataUrl) {
        return blankToNull(dataUrl) == null ? null : UploadedImage.decode(dataUrl, "logoUrl", MediaService.LOGO_LIMITS);
    }

    /** Stores the logo sent (if any) as the restaurant's. */
    void storeLogo(Restaurant r, UploadedImage logo) {
        if (logo != null) {
            r.logoUrl = photos.storeLogo(logo, "logoUrl", "restaurants/" + r.id + "/logo").imageUrl();
        }
    }

    /** The restaurant as its events carry it: what its owner sees, in the events' own shape. */
    private static RestaurantState state(RestaurantView v) {
        return new RestaurantState(v.id(), v.name(), v.logoUrl(), v.description(), v.status().name(),
                v.operationalStatus().name(),
                new RestaurantState.Address(v.address().street(), v.address().city(), v.address().zipCode(),
                        v.address().latitude(), v.address().longitude()),
                new RestaurantState.Contact(v.contact().email(), v.contact().phone()), v.rating(), v.ratingCount(),
                v.popularityScore(), v.prepTimeMinutes(), v.deliveryRadiusKm(), v.licenseNumber(), v.gst(),
                v.ownerId(), v.statusReason(), v.version(), v.createdAt(), v.updatedAt(), v.openNow(), v.opensAt(),
                v.prepEstimateMinutes());
    }
}
