package org.dabba.restaurant;

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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.dabba.media.Photos;
import org.dabba.media.UploadedImage;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantApi.Address;
import org.dabba.restaurant.RestaurantApi.Contact;
import org.dabba.restaurant.RestaurantApi.Decision;
import org.dabba.restaurant.RestaurantApi.RegisterRestaurantRequest;
import org.dabba.restaurant.RestaurantApi.RestaurantView;
import org.dabba.restaurant.RestaurantApi.UpdateRestaurantRequest;
import org.dabba.restaurant.RestaurantApi.VerificationRequest;
import org.jboss.logging.Logger;

/**
 * Onboarding, verification and the operational switch: the only way restaurants change. Each change
 * and its event commit together (the outbox), and who may do what is decided here, not in the routes.
 */
@ApplicationScoped
public class RestaurantService {

    private static final Logger LOG = Logger.getLogger(RestaurantService.class);

    static final String EVENTS = "restaurant";

    @Inject
    DataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    Photos photos;

    @Inject
    Event<RestaurantChanged> changes;

    /** Registers a restaurant for the calling owner; the licence number's unique index decides races. */
    @Transactional
    public RestaurantView register(Caller owner, RegisterRestaurantRequest request) {
        UploadedImage logo = blankToNull(request.logoUrl()) == null ? null
                : UploadedImage.decode(request.logoUrl(), "logoUrl", Photos.LOGO_LIMITS);
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
        return publish(r, "restaurant.registered");
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

    /** The live ONLINE/OFFLINE switch of each restaurant asked for (unknown ids are left out). */
    @Transactional
    public Map<UUID, OperationalStatus> operationalStatuses(Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        // Search asks this on every query: one plain statement, the same SQL for any number of ids (so the
        // driver keeps it prepared), no entities loaded or tracked.
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "select id, operational_status from restaurants where id = any(?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
            Map<UUID, OperationalStatus> statuses = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    statuses.put(rows.getObject(1, UUID.class), OperationalStatus.valueOf(rows.getString(2)));
                }
            }
            return statuses;
        } catch (SQLException e) {
            throw new PersistenceException("Cannot read the restaurants' operational status", e);
        }
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
                : UploadedImage.decode(request.logoUrl(), "logoUrl", Photos.LOGO_LIMITS);
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
        return publish(r, "restaurant.updated");
    }

    @Transactional
    public RestaurantView switchOperationalStatus(UUID id, Caller caller, OperationalStatus target) {
        Restaurant r = ownedBy(id, caller);
        if (r.operationalStatus == target && r.status == Status.ACTIVE) {
            return RestaurantView.of(r, true);
        }
        r.switchTo(target);
        return publish(r, "restaurant.status-changed");
    }

    @Transactional
    public RestaurantApi.Page<RestaurantView> listForAdmin(Status status, int page, int size) {
        var query = status == null
                ? Restaurant.<Restaurant>findAll(Sort.by("createdAt"))
                : Restaurant.<Restaurant>find("status", Sort.by("createdAt"), status);
        List<RestaurantView> items = query.page(Page.of(page, size)).list().stream()
                .map(r -> RestaurantView.of(r, true)).toList();
        return new RestaurantApi.Page<>(items, page, size, query.count());
    }

    @Transactional
    public RestaurantView decide(UUID id, VerificationRequest request) {
        if (request.decision() == Decision.REJECT && blankToNull(request.reason()) == null) {
            throw ProblemException.invalid("reason", "is required to reject a restaurant");
        }
        return adminMove(id, r -> {
            if (request.decision() == Decision.APPROVE) {
                r.approve();
                return "restaurant.verified";
            }
            r.reject(request.reason().strip());
            return "restaurant.rejected";
        });
    }

    @Transactional
    public RestaurantView deactivate(UUID id, String reason) {
        return adminMove(id, r -> {
            r.deactivate(reason.strip());
            return "restaurant.deactivated";
        });
    }

    @Transactional
    public RestaurantView reactivate(UUID id) {
        return adminMove(id, r -> {
            r.reactivate();
            return "restaurant.reactivated";
        });
    }

    /**
     * Adds a customer's stars to the restaurant's average, in the rating's transaction: one UPDATE computing from
     * the row's current values (the exact star total, the count), so concurrent ratings wait for each other and
     * none is lost; {@code rating} is the exact average rounded half up to 2 places. Publishes
     * {@code restaurant.updated}.
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
        return publish(r, "restaurant.updated");
    }

    /**
     * Sets each restaurant's {@code popularity_score} to {@code scores} (restaurants left out: 0), publishing
     * {@code restaurant.updated} only for those whose score changed, each in its own transaction (a restaurant
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
                    publish(r, "restaurant.updated");
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
     * stands), in its own transaction, publishing {@code restaurant.updated} only when it changed, so the search
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
            publish(r, "restaurant.updated");
            return true;
        });
    }

    private RestaurantView adminMove(UUID id, Function<Restaurant, String> move) {
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
    private RestaurantView publish(Restaurant r, String eventType) {
        r.updatedAt = Time.now();
        Restaurant.flush();
        RestaurantView view = RestaurantView.of(r, true);
        outbox.publish(EVENTS, r.id, eventType, view);
        changes.fire(new RestaurantChanged(r.id));
        return view;
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Restaurant", id);
    }
}
