package org.dabba.restaurant;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;
import org.dabba.restaurant.RestaurantBodies.Availability;
import org.dabba.restaurant.RestaurantBodies.Hours;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.events.RestaurantUpdated;

/**
 * The restaurant feature's entry point for reads and for what other features change on a restaurant (its rating,
 * popularity and measured preparation time). Onboarding is {@link RestaurantOnboarding}'s, running a restaurant
 * {@link RestaurantOperations}'.
 */
@ApplicationScoped
public class RestaurantService {

    @Inject
    DataSource dataSource;

    @Inject
    RestaurantChanges changes;

    /** The restaurant as {@code caller} may see it: the public sees ACTIVE ones only. */
    @Transactional
    public RestaurantView get(UUID id, Caller caller) {
        Restaurant r = Restaurant.visibleTo(id, caller);
        return RestaurantView.of(r, r.isPrivilegedFor(caller));
    }

    /**
     * The restaurant if {@code caller} owns it, for other features that change what belongs to it (its menu):
     * the same 404/403 rule as changing the restaurant itself.
     */
    @Transactional
    public RestaurantView requireOwned(UUID id, Caller caller) {
        return RestaurantView.of(Restaurant.ownedBy(id, caller), true);
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

    @Transactional
    public List<RestaurantView> mine(Caller owner) {
        return Restaurant.<Restaurant>list("ownerId", Sort.by("createdAt").descending(), owner.userId()).stream()
                .map(r -> RestaurantView.of(r, true)).toList();
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
            throw Restaurant.notFound(id);
        }
        Restaurant r = Restaurant.findById(id);
        Restaurant.getEntityManager().refresh(r);
        return changes.publish(r, RestaurantUpdated::new);
    }

    /**
     * Sets each restaurant's {@code popularity_score} to {@code scores} (restaurants left out: 0), publishing
     * {@code org.dabba.restaurant.updated} only for those whose score changed, a batch to a transaction (a restaurant
     * that fails keeps its old score until the next refresh). Answers how many changed.
     */
    public int updatePopularity(Map<UUID, BigDecimal> scores) {
        Map<UUID, BigDecimal> current = QuarkusTransaction.requiringNew().call(() -> {
            var query = Restaurant.getEntityManager().createQuery("select r.id, r.popularityScore from Restaurant r"
                    + " where r.popularityScore <> 0" + (scores.isEmpty() ? "" : " or r.id in ?1"), Object[].class);
            if (!scores.isEmpty()) {
                query.setParameter(1, scores.keySet());
            }
            return query.getResultStream().collect(Collectors.toMap(row -> (UUID) row[0], row -> (BigDecimal) row[1]));
        });
        Map<UUID, BigDecimal> targets = new HashMap<>();
        current.forEach((id, score) -> {
            BigDecimal target = scores.getOrDefault(id, BigDecimal.ZERO).setScale(2, RoundingMode.HALF_UP);
            if (score.compareTo(target) != 0) {
                targets.put(id, target);
            }
        });
        return changes.updateEach(targets.keySet(), r -> r.popularityScore = targets.get(r.id),
                "its popularity waits for the next refresh");
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
            changes.publish(r, RestaurantUpdated::new);
            return true;
        });
    }
}
