package org.dabba.restaurant;

import static org.dabba.platform.Text.blankToNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import org.dabba.media.UploadedImage;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.jobs.Leases;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.Availability;
import org.dabba.restaurant.RestaurantBodies.DateHours;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.dabba.restaurant.RestaurantBodies.HoursView;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantBodies.TimeRange;
import org.dabba.restaurant.RestaurantBodies.UpdateRestaurantRequest;
import org.dabba.restaurant.events.RestaurantStatusChanged;
import org.dabba.restaurant.events.RestaurantUpdated;

/**
 * How a restaurant is run once registered: its owner's profile, the ONLINE/OFFLINE switch and the opening hours,
 * with the job that republishes a restaurant when its hours open or close.
 */
@ApplicationScoped
public class RestaurantOperations {

    /** How long the boundary job may take over one claimed restaurant before another instance may retry it. */
    private static final Duration BOUNDARY_LEASE = Duration.ofMinutes(1);

    @Inject
    RestaurantChanges changes;

    @Inject
    RestaurantsConfig config;

    @Transactional
    public RestaurantView update(UUID id, Caller caller, UpdateRestaurantRequest request) {
        Restaurant r = Restaurant.ownedBy(id, caller);
        List<Problem.FieldError> fixed = new ArrayList<>();
        refuseChange(fixed, "name", request.name(), r.name);
        refuseChange(fixed, "licenseNumber", request.licenseNumber(), r.licenseNumber);
        refuseChange(fixed, "gst", request.gst(), r.gst);
        if (!fixed.isEmpty()) {
            throw ProblemException.invalid(fixed);
        }
        UploadedImage logo = RestaurantChanges.logo(request.logoUrl());
        if (request.description() != null) {
            r.description = blankToNull(request.description());
        }
        if (request.address() != null) {
            r.locate(request.address());
        }
        if (request.contact() != null) {
            r.reachAt(request.contact());
        }
        if (request.prepTimeMinutes() != null) {
            r.prepTimeMinutes = request.prepTimeMinutes();
        }
        if (request.deliveryRadiusKm() != null) {
            r.deliveryRadiusKm = request.deliveryRadiusKm().setScale(2);
        }
        changes.storeLogo(r, logo);
        return changes.publish(r, RestaurantUpdated::new);
    }

    @Transactional
    public RestaurantView switchOperationalStatus(UUID id, Caller caller, OperationalStatus target) {
        Restaurant r = Restaurant.ownedBy(id, caller);
        if (r.operationalStatus == target && r.status == Status.ACTIVE) {
            return RestaurantView.of(r, true);
        }
        r.switchTo(target);
        return changes.publish(r, RestaurantStatusChanged::new);
    }

    /** A restaurant's hours, with the same visibility as the restaurant. */
    @Transactional
    public HoursView hours(UUID id, Caller caller) {
        return hoursView(Restaurant.visibleTo(id, caller), Time.now());
    }

    /**
     * Sets a restaurant's weekly schedule (its owner, or an admin): checked, stored, and published with the
     * restaurant (so search sees it), with the next boundary for the job that republishes it then.
     */
    @Transactional
    public HoursView setHours(UUID id, Caller caller, Hours request) {
        Restaurant r = scheduledBy(id, caller);
        Instant now = Time.now();
        r.openingHours = HoursRules.json(HoursRules.validate(request, now));
        r.hoursBoundaryAt = HoursRules.nextCheck(HoursRules.parse(r.openingHours), now);
        changes.publish(r, RestaurantUpdated::new);
        return hoursView(r, now);
    }

    /** Removes the schedule: the restaurant is open whenever ONLINE again. */
    @Transactional
    public HoursView clearHours(UUID id, Caller caller) {
        Restaurant r = scheduledBy(id, caller);
        if (r.openingHours != null) {
            r.openingHours = null;
            r.hoursBoundaryAt = null;
            changes.publish(r, RestaurantUpdated::new);
        }
        return hoursView(r, Time.now());
    }

    /**
     * The boundary job's step: claims the ACTIVE restaurants whose hours open or close now (once across
     * instances), and republishes each with its next boundary ({@link RestaurantChanges#updateEach}), so that search
     * flips them without a rebuild. A restaurant that fails stays claimed until its lease ends, then comes due
     * again. Answers how many were republished.
     */
    public int republishAtBoundaries() {
        List<UUID> due = Leases.claim(new Leases.Claim<>("restaurants", "id", "hours_boundary_at", """
                select id from restaurants
                where status = 'ACTIVE' and hours_boundary_at <= :now
                order by hours_boundary_at
                limit :limit
                for update skip locked""", Map.of(), config.hoursBatchSize(), BOUNDARY_LEASE, null,
                row -> (UUID) row[0]));
        return changes.updateEach(due,
                r -> r.hoursBoundaryAt = HoursRules.nextCheck(HoursRules.parse(r.openingHours), Time.now()),
                "republished at its hours' boundary after " + BOUNDARY_LEASE);
    }

    /** The hours are the owner's to set, and an admin's to correct. */
    private static Restaurant scheduledBy(UUID id, Caller caller) {
        return caller.isAdmin() ? Restaurant.require(id) : Restaurant.ownedBy(id, caller);
    }

    private static HoursView hoursView(Restaurant r, Instant now) {
        Hours stored = HoursRules.read(r.openingHours);
        OpeningHours hours = HoursRules.parse(r.openingHours);
        Availability a = Availability.of(r.status, r.operationalStatus, hours, now);
        if (stored == null) {
            return new HoursView(r.id, false, null, null, null, a.openNow(), true, null, null);
        }
        // jsonb keeps an object's keys in an order of its own: the days are answered in the week's.
        Map<String, List<TimeRange>> weekly = new TreeMap<>(Comparator.comparing(DayOfWeek::valueOf));
        weekly.putAll(stored.weekly());
        LocalDate today = now.atZone(ZoneId.of(stored.timeZone())).toLocalDate();
        List<DateHours> exceptions = stored.exceptions() == null ? List.of() : stored.exceptions().stream()
                .filter(e -> !LocalDate.parse(e.date()).isBefore(today)).toList();
        return new HoursView(r.id, true, stored.timeZone(), weekly, exceptions.isEmpty() ? null : exceptions,
                a.openNow(), a.withinHours(), a.withinHours() ? null : hours.opensAt(now), hours.nextBoundary(now));
    }

    private static void refuseChange(List<Problem.FieldError> errors, String field, String sent, String current) {
        if (sent != null && !Objects.equals(sent.strip(), current)) {
            errors.add(new Problem.FieldError(field, "is fixed after registration and cannot be changed"));
        }
    }
}
