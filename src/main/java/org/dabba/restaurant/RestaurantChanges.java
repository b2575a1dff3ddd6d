package org.dabba.restaurant;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
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
    /** Restaurants changed in one transaction by {@link #updateEach}. */
    static final int BATCH = 100;

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
     * What the jobs change on many restaurants: each changed and published as updated, {@value #BATCH} to a
     * transaction (a city's popularity refresh changes thousands at once), and a batch that fails is done again one
     * restaurant to a transaction, so that one failing (logged; {@code retry} says when it comes again) holds up none
     * of the others. Answers how many were published.
     */
    int updateEach(Collection<UUID> ids, Consumer<Restaurant> change, String retry) {
        List<UUID> all = List.copyOf(ids);
        int published = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            List<UUID> batch = all.subList(from, Math.min(from + BATCH, all.size()));
            if (batch.size() > 1 && update(batch, change) == null) {
                published += batch.size();
                continue;
            }
            for (UUID id : batch) {
                RuntimeException failed = update(List.of(id), change);
                if (failed == null) {
                    published++;
                } else {
                    LOG.warnf("Restaurant %s not updated (%s); %s", id, failed.toString(), retry);
                }
            }
        }
        return published;
    }

    /** Changes and publishes {@code ids} in one transaction: null, or why it was rolled back. */
    private RuntimeException update(List<UUID> ids, Consumer<Restaurant> change) {
        try {
            QuarkusTransaction.requiringNew().run(() -> ids.forEach(id -> {
                Restaurant r = Restaurant.findById(id);
                if (r == null) {
                    throw Restaurant.notFound(id);
                }
                change.accept(r);
                publish(r, RestaurantUpdated::new);
            }));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
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
