package org.dabba.restaurant;

import static org.dabba.platform.Text.blankToNull;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.dabba.media.MediaService;
import org.dabba.media.UploadedImage;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.jobs.Leases;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.Address;
import org.dabba.restaurant.RestaurantBodies.Availability;
import org.dabba.restaurant.RestaurantBodies.Contact;
import org.dabba.restaurant.RestaurantBodies.DateHours;
import org.dabba.restaurant.RestaurantBodies.Decision;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.dabba.restaurant.RestaurantBodies.HoursView;
import org.dabba.restaurant.RestaurantBodies.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantBodies.TimeRange;
import org.dabba.restaurant.RestaurantBodies.UpdateRestaurantRequest;
import org.dabba.restaurant.RestaurantBodies.VerificationRequest;
import org.dabba.restaurant.events.RestaurantDeactivated;
import org.dabba.restaurant.events.RestaurantEvent;
import org.dabba.restaurant.events.RestaurantReactivated;
import org.dabba.restaurant.events.RestaurantRegistered;
import org.dabba.restaurant.events.RestaurantRejected;
import org.dabba.restaurant.events.RestaurantState;
import org.dabba.restaurant.events.RestaurantStatusChanged;
import org.dabba.restaurant.events.RestaurantUpdated;
import org.dabba.restaurant.events.RestaurantVerified;
import org.jboss.logging.Logger;

/**
 * Onboarding, verification and the operational switch: the only way restaurants change. Each change
 * and its event commit together (the outbox), and who may do what is decided here, not in the routes.
 */
@ApplicationScoped
public class RestaurantService {

    private static final Logger LOG = Logger.getLogger(RestaurantService.class);

    static final String EVENTS = "restaurant";

    /** How long the boundary job may take over one claimed restaurant before another instance may retry it. */
    private static final Duration BOUNDARY_LEASE = Duration.ofMinutes(1);

    @Inject
    DataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    MediaService photos;

    @Inject
    Event<RestaurantChanged> changes;

    @Inject
    RestaurantsConfig config;

    /** Registers a restaurant for the calling owner; the licence number's unique index decides races. */
    @Transactional
    public RestaurantView register(Caller owner, RegisterRestaurantRequest request) {
        UploadedImage logo = blankToNull(request.logoUrl()) == null ? null
                : UploadedImage.decode(request.logoUrl(), "logoUrl", MediaService.LOGO_LIMITS);
        Restaurant r = new Restaurant();
        r.id = UUID.randomUUID();
        r.ownerId = owner.userId();
        r.name = request.name().strip();
        r.description = blankToNull(request.description());
        r.status = Status.PENDING_VERIFICATION;
        r.operationalStatus = OperationalStatus.OFFLINE;
        apply(r, request.address());
        apply(r, request.contact());
        r.licenseNumber = request.licenseNumber().strip();
        r.gst = blankToNull(request.gst());
        r.createdAt = Time.now();
        r.updatedAt = r.createdAt;
        try {
            r.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "restaurants_license_number_key")) {
                throw ProblemException.conflict("license-taken",
                        "A restaurant with licence number " + r.licenseNumber + " is already registered");
            }
            throw e;
        }
        // Stored after the row is claimed, inside the transaction: if storage fails, the row rolls back.
        if (logo != null) {
            r.logoUrl = storeLogo(r.id, logo);
        }
        return publish(r, RestaurantRegistered::new);
    }

    /** The restaurant as {@code caller} may see it: the public sees ACTIVE ones only. */
    @Transactional
    public RestaurantView get(UUID id, Caller caller) {
        Restaurant r = Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id));
        boolean privileged = caller != null && (caller.isAdmin() || r.isOwnedBy(caller.userId()));
        if (!privileged && !r.isPublic()) {
            throw notFound(id);
        }
        return RestaurantView.of(r, privileged);
    }

    /**
     * The restaurant if {@code caller} owns it, for other features that change what belongs to it (its menu):
     * the same 404/403 rule as changing the restaurant itself.
     */
    @Transactional
    public RestaurantView requireOwned(UUID id, Caller caller) {
        return RestaurantView.of(ownedBy(id, caller), true);
    }

    /** The restaurant as its owner sees it, for other features' rules (owner, status); no visibility check. */
    @Transactional
    public Optional<RestaurantView> find(UUID id) {
        return Restaurant.<Restaurant>findByIdOptional(id).map(r -> RestaurantView.of(r, true));
    }

    /** ACTIVE restaurants, a page at a time in a stable order, for rebuilding what is derived from them. */
    @Transactional
    public List<RestaurantView> activePage(int page, int size) {
        return Restaurant.<Restaurant>find("status", Sort.by("id"), Status.ACTIVE).page(Page.of(page, size)).list()
                .stream().map(r -> RestaurantView.of(r, true)).toList();
    }

    @Transactional
    public long countActive() {
        return Restaurant.count("status", Status.ACTIVE);
    }

    /**
     * Whether each restaurant asked for takes orders now (ACTIVE, within its hours, ONLINE) and when its hours
     * next open; unknown ids are left out.
     */
    @Transactional
    public Map<UUID, Availability> availability(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // Search asks this on every query: one plain statement, the same SQL for any number of ids (so the
        // driver keeps it prepared), no entities loaded or tracked.
        Instant now = Time.now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("select id, status, operational_status,"
                        + " opening_hours::text from restaurants where id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            Map<UUID, Availability> found = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getObject(1, UUID.class), Availability.of(Status.valueOf(rows.getString(2)),
                            OperationalStatus.valueOf(rows.getString(3)), HoursRules.parse(rows.getString(4)), now));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new PersistenceException("Cannot read the restaurants' operational status", e);
        }
    }

    /**
     * The restaurant if it takes orders now: ACTIVE, within its opening hours and ONLINE. Otherwise a 409
     * {@code restaurant-closed}, with {@code opensAt} when its hours are what keeps it closed.
     */
    @Transactional
    public RestaurantView takingOrders(UUID id) {
        Restaurant r = Restaurant.<Restaurant>findByIdOptional(id).filter(Restaurant::isPublic)
                .orElseThrow(() -> closed(id, "Restaurant " + id + " is not taking orders right now", null));
        Instant now = Time.now();
        refuseUnlessTakingOrders(id, r.operationalStatus == OperationalStatus.ONLINE,
                HoursRules.parse(r.openingHours), now);
        return RestaurantView.of(r, true, now);
    }

    /**
     * The same rule for a caller that holds the switch and the hours already (the cart reads both through the
     * menu cache): outside its hours a restaurant is closed whatever its switch; within them OFFLINE is the
     * owner's pause. {@code hours} null: no schedule.
     */
    public void refuseUnlessTakingOrders(UUID id, boolean online, Hours hours) {
        refuseUnlessTakingOrders(id, online, HoursRules.of(hours), Time.now());
    }

    private static void refuseUnlessTakingOrders(UUID id, boolean online, OpeningHours hours, Instant now) {
        if (!hours.isOpen(now)) {
            Instant opensAt = hours.opensAt(now);
            throw closed(id, "Restaurant " + id + " is closed by its opening hours; " + (opensAt == null
                    ? "it does not open within the next " + OpeningHours.HORIZON_DAYS + " days"
                    : "it opens at " + opensAt), opensAt);
        }
        if (!online) {
            throw closed(id, "Restaurant " + id + " is not taking orders right now (OFFLINE)", null);
        }
    }

    private static ProblemException closed(UUID id, String detail, Instant opensAt) {
        Problem problem = new Problem("restaurant-closed", "Conflict", 409, detail, null).with("restaurantId", id);
        if (opensAt != null) {
            problem.with("opensAt", opensAt.toString());
        }
        return new ProblemException(problem);
    }

    /** The stored schedule of a restaurant, for what is cached beside it (the menu's dishes); empty: none. */
    @Transactional
    public Optional<Hours> openingHours(UUID id) {
        return Restaurant.<Restaurant>findByIdOptional(id).map(r -> HoursRules.read(r.openingHours));
    }

    /** A restaurant's hours, with the same visibility as the restaurant. */
    @Transactional
    public HoursView hours(UUID id, Caller caller) {
        Restaurant r = Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id));
        boolean privileged = caller != null && (caller.isAdmin() || r.isOwnedBy(caller.userId()));
        if (!privileged && !r.isPublic()) {
            throw notFound(id);
        }
        return hoursView(r, Time.now());
    }

    /**
     * Sets a restaurant's weekly schedule (its owner, or an admin): checked, stored, and published with the
     * restaurant (so search sees it), with the next boundary for the job that republishes it then.
     */
    @Transactional
    public HoursView setHours(UUID id, Caller caller, Hours request) {
        Restaurant r = caller.isAdmin()
                ? Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id))
                : ownedBy(id, caller);
        Instant now = Time.now();
        r.openingHours = HoursRules.json(HoursRules.validate(request, now));
        r.hoursBoundaryAt = HoursRules.nextCheck(HoursRules.parse(r.openingHours), now);
        publish(r, RestaurantUpdated::new);
        return hoursView(r, now);
    }

    /** Removes the schedule: the restaurant is open whenever ONLINE again. */
    @Transactional
    public HoursView clearHours(UUID id, Caller caller) {
        Restaurant r = caller.isAdmin()
                ? Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id))
                : ownedBy(id, caller);
        if (r.openingHours != null) {
            r.openingHours = null;
            r.hoursBoundaryAt = null;
            publish(r, RestaurantUpdated::new);
        }
        return hoursView(r, Time.now());
    }

    /**
     * The boundary job's step: claims the ACTIVE restaurants whose hours open or close now (once across
     * instances), and republishes each with its next boundary, each in its own transaction, so that search
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
        int republished = 0;
        for (UUID id : due) {
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Restaurant r = Restaurant.findById(id);
                    r.hoursBoundaryAt = HoursRules.nextCheck(HoursRules.parse(r.openingHours), Time.now());
                    publish(r, RestaurantUpdated::new);
                });
                republished++;
            } catch (RuntimeException e) {
                LOG.warnf("Restaurant %s not republished at its hours' boundary (%s); tried again after %s", id,
                        e.toString(), BOUNDARY_LEASE);
            }
        }
        return republished;
    }

    private static HoursView hoursView(Restaurant r, Instant now) {
        Hours stored = HoursRules.read(r.openingHours);
        OpeningHours hours = HoursRules.parse(r.openingHours);
        Availability a = Availability.of(r.status, r.operationalStatus, hours, now);
        if (stored == null) {
            return new HoursView(r.id, false, null, null, null, a.openNow(), true, null, null);
        }
        // jsonb keeps an object's keys in an order of its own: the days are answered in the week's.
        Map<String, List<TimeRange>> weekly = new LinkedHashMap<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (stored.weekly().containsKey(day.name())) {
                weekly.put(day.name(), stored.weekly().get(day.name()));
            }
        }
        LocalDate today = now.atZone(ZoneId.of(stored.timeZone())).toLocalDate();
        List<DateHours> exceptions = stored.exceptions() == null ? List.of() : stored.exceptions().stream()
                .filter(e -> !LocalDate.parse(e.date()).isBefore(today)).toList();
        return new HoursView(r.id, true, stored.timeZone(), weekly, exceptions.isEmpty() ? null : exceptions,
                a.openNow(), a.withinHours(), a.withinHours() ? null : hours.opensAt(now), hours.nextBoundary(now));
    }

    @Transactional
    public List<RestaurantView> mine(Caller owner) {
        return Restaurant.<Restaurant>list("ownerId", Sort.by("createdAt").descending(), owner.userId()).stream()
                .map(r -> RestaurantView.of(r, true)).toList();
    }

    @Transactional
    public RestaurantView update(UUID id, Caller caller, UpdateRestaurantRequest request) {
        Restaurant r = ownedBy(id, caller);
        List<Problem.FieldError> fixed = new ArrayList<>();
        refuseChange(fixed, "name", request.name(), r.name);
        refuseChange(fixed, "licenseNumber", request.licenseNumber(), r.licenseNumber);
        refuseChange(fixed, "gst", request.gst(), r.gst);
        if (!fixed.isEmpty()) {
            throw ProblemException.invalid(fixed);
        }
        UploadedImage logo = blankToNull(request.logoUrl()) == null ? null
                : UploadedImage.decode(request.logoUrl(), "logoUrl", MediaService.LOGO_LIMITS);
        if (request.description() != null) {
            r.description = blankToNull(request.description());
        }
        if (request.address() != null) {
            apply(r, request.address());
        }
        if (request.contact() != null) {
            apply(r, request.contact());
        }
        if (request.prepTimeMinutes() != null) {
            r.prepTimeMinutes = request.prepTimeMinutes();
        }
        if (request.deliveryRadiusKm() != null) {
            r.deliveryRadiusKm = request.deliveryRadiusKm().setScale(2);
        }
        if (logo != null) {
            r.logoUrl = storeLogo(r.id, logo);
        }
        return publish(r, RestaurantUpdated::new);
    }

    @Transactional
    public RestaurantView switchOperationalStatus(UUID id, Caller caller, OperationalStatus target) {
        Restaurant r = ownedBy(id, caller);
        if (r.operationalStatus == target && r.status == Status.ACTIVE) {
            return RestaurantView.of(r, true);
        }
        r.switchTo(target);
        return publish(r, RestaurantStatusChanged::new);
    }

    @Transactional
    public RestaurantBodies.Page<RestaurantView> listForAdmin(Status status, int page, int size) {
        var query = status == null
                ? Restaurant.<Restaurant>findAll(Sort.by("createdAt"))
                : Restaurant.<Restaurant>find("status", Sort.by("createdAt"), status);
        List<RestaurantView> items = query.page(Page.of(page, size)).list().stream()
                .map(r -> RestaurantView.of(r, true)).toList();
        return new RestaurantBodies.Page<>(items, page, size, query.count());
    }

    @Transactional
    public RestaurantView decide(UUID id, VerificationRequest request) {
        if (request.decision() == Decision.REJECT && blankToNull(request.reason()) == null) {
            throw ProblemException.invalid("reason", "is required to reject a restaurant");
        }
        return adminMove(id, r -> {
            if (request.decision() == Decision.APPROVE) {
                r.approve();
                return RestaurantVerified::new;
            }
            r.reject(request.reason().strip());
            return RestaurantRejected::new;
        });
    }

    @Transactional
    public RestaurantView deactivate(UUID id, String reason) {
        return adminMove(id, r -> {
            r.deactivate(reason.strip());
            return RestaurantDeactivated::new;
        });
    }

    @Transactional
    public RestaurantView reactivate(UUID id) {
        return adminMove(id, r -> {
            r.reactivate();
            return RestaurantReactivated::new;
        });
    }

    /**
     * Adds a customer's stars to the restaurant's average, in the rating's transaction: one UPDATE computing from
     * the row's current values (the exact star total, the count), so concurrent ratings wait for each other and
     * none is lost; {@code rating} is the exact average rounded half up to 2 places. Publishes
     * {@code org.dabba.restaurant.updated}.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public RestaurantView addRating(UUID id, int stars) {
        if (stars < 1 || stars > 5) {
            throw new IllegalArgumentException("Stars are 1 to 5, not " + stars);
        }
        int updated = Restaurant.getEntityManager().createNativeQuery("update restaurants set"
                + " rating_total = rating_total + :stars, rating_count = rating_count + 1,"
                + " rating = round(cast(rating_total + :stars as numeric) / (rating_count + 1), 2) where id = :id")
                .setParameter("stars", stars).setParameter("id", id).executeUpdate();
        if (updated == 0) {
            throw notFound(id);
        }
        Restaurant r = Restaurant.findById(id);
        Restaurant.getEntityManager().refresh(r);
        return publish(r, RestaurantUpdated::new);
    }

    /**
     * Sets each restaurant's {@code popularity_score} to {@code scores} (restaurants left out: 0), publishing
     * {@code org.dabba.restaurant.updated} only for those whose score changed, each in its own transaction (a restaurant
     * changed at the same moment keeps its old score until the next refresh). Answers how many changed.
     */
    public int updatePopularity(Map<UUID, BigDecimal> scores) {
        Map<UUID, BigDecimal> current = QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, BigDecimal> found = new HashMap<>();
            var query = Restaurant.getEntityManager().createQuery("select r.id, r.popularityScore from Restaurant r"
                    + " where r.popularityScore <> 0" + (scores.isEmpty() ? "" : " or r.id in ?1"), Object[].class);
            if (!scores.isEmpty()) {
                query.setParameter(1, scores.keySet());
            }
            for (Object[] row : query.getResultList()) {
                found.put((UUID) row[0], (BigDecimal) row[1]);
            }
            return found;
        });
        int changed = 0;
        for (Map.Entry<UUID, BigDecimal> entry : current.entrySet()) {
            BigDecimal target = scores.getOrDefault(entry.getKey(), BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
            if (entry.getValue().compareTo(target) == 0) {
                continue;
            }
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    Restaurant r = Restaurant.findById(entry.getKey());
                    r.popularityScore = target;
                    publish(r, RestaurantUpdated::new);
                });
                changed++;
            } catch (RuntimeException e) {
                LOG.warnf("Popularity of restaurant %s not updated (%s); the next refresh tries again",
                        entry.getKey(), e.toString());
            }
        }
        return changed;
    }

    /**
     * Stores the restaurant's measured preparation time ({@code null}: too few pickups yet, the declared time
     * stands), in its own transaction, publishing {@code org.dabba.restaurant.updated} only when it changed, so the search
     * document's {@code prep_minutes} follows. Answers whether it changed; false for an unknown restaurant.
     */
    public boolean updatePrepEstimate(UUID id, Integer minutes) {
        if (minutes != null && minutes < 1) {
            throw new IllegalArgumentException("A preparation estimate is at least 1 minute, not " + minutes);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            Restaurant r = Restaurant.findById(id);
            if (r == null || Objects.equals(r.prepEstimateMinutes, minutes)) {
                return false;
            }
            r.prepEstimateMinutes = minutes;
            publish(r, RestaurantUpdated::new);
            return true;
        });
    }

    private RestaurantView adminMove(UUID id, Function<Restaurant, Function<RestaurantState, RestaurantEvent>> move) {
        Restaurant r = Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id));
        return publish(r, move.apply(r));
    }

    /**
     * The restaurant if {@code caller} owns it. Another owner gets 403 for a restaurant the public can see
     * anyway, and 404 for one whose existence must not leak.
     */
    private Restaurant ownedBy(UUID id, Caller caller) {
        Restaurant r = Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id));
        if (!r.isOwnedBy(caller.userId())) {
            if (r.isPublic() || caller.role() == Role.ADMIN) {
                throw ProblemException.forbidden("Only the restaurant's owner may change it");
            }
            throw notFound(id);
        }
        return r;
    }

    /** Stamps the change, flushes it so the version is final, and writes the event in this transaction. */
    private RestaurantView publish(Restaurant r, Function<RestaurantState, RestaurantEvent> event) {
        r.updatedAt = Time.now();
        Restaurant.flush();
        RestaurantView view = RestaurantView.of(r, true);
        outbox.publish(EVENTS, r.id, event.apply(state(view)));
        changes.fire(new RestaurantChanged(r.id));
        return view;
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

    private String storeLogo(UUID restaurantId, UploadedImage logo) {
        return photos.storeLogo(logo, "logoUrl", "restaurants/" + restaurantId + "/logo").imageUrl();
    }

    private static void apply(Restaurant r, Address a) {
        r.addressStreet = a.street().strip();
        r.addressCity = a.city().strip();
        r.addressZipCode = a.zipCode().strip();
        r.latitude = a.latitude().setScale(7, java.math.RoundingMode.HALF_EVEN);
        r.longitude = a.longitude().setScale(7, java.math.RoundingMode.HALF_EVEN);
    }

    private static void apply(Restaurant r, Contact c) {
        r.contactEmail = c.email().strip();
        r.contactPhone = c.phone();
    }

    private static void refuseChange(List<Problem.FieldError> errors, String field, String sent, String current) {
        if (sent != null && !Objects.equals(sent.strip(), current)) {
            errors.add(new Problem.FieldError(field, "is fixed after registration and cannot be changed"));
        }
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Restaurant", id);
    }
}
