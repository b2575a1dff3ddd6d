package org.dabba.order;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.dabba.order.OrderBodies.RatingRequest;
import org.dabba.order.OrderBodies.RatingView;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantService;

/**
 * What delivered orders tell search about a restaurant: its ratings and its popularity, both through
 * {@link RestaurantService}, which publishes {@code restaurant.updated}.
 */
@ApplicationScoped
public class OrderRatings {

    @Inject
    OrderReads orders;

    @Inject
    RestaurantService restaurants;

    @Inject
    OrderConfig config;

    /** {@code POST /orders/{orderId}/rating}: its customer rates a DELIVERED order, once. */
    @Transactional
    public RatingView rate(Caller caller, UUID orderId, RatingRequest request) {
        Order o = orders.readable(caller, orderId, false);
        if (!caller.userId().equals(o.customerId)) {
            throw ProblemException.forbidden("Only the customer who placed the order may rate it");
        }
        if (o.status != OrderStatus.DELIVERED) {
            ProblemException notYet = ProblemException.conflict("order-not-delivered", "Order " + o.id + " is "
                    + o.status + "; it can be rated once it is DELIVERED");
            notYet.problem().with("orderStatus", o.status.name());
            throw notYet;
        }
        if (OrderRating.findById(o.id) != null) {
            throw alreadyRated(o.id);
        }
        OrderRating rating = new OrderRating();
        rating.orderId = o.id;
        rating.restaurantId = o.restaurantId;
        rating.customerId = o.customerId;
        rating.stars = request.stars().shortValue();
        rating.comment = request.comment() == null || request.comment().isBlank() ? null : request.comment().strip();
        rating.createdAt = Time.now();
        try {
            // The key decides two ratings of one order sent at once.
            rating.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "order_ratings_pkey")) {
                throw alreadyRated(o.id);
            }
            throw e;
        }
        restaurants.addRating(o.restaurantId, rating.stars);
        return view(rating);
    }

    /** {@code GET /orders/{orderId}/rating}: for whoever may read the order; 404 while it is not rated. */
    @Transactional
    public RatingView rating(Caller caller, UUID orderId) {
        Order o = orders.readable(caller, orderId, false);
        return OrderRating.<OrderRating>findByIdOptional(o.id).map(OrderRatings::view)
                .orElseThrow(() -> ProblemException.of(404, "not-rated", "Not found", "Order " + o.id
                        + " has no rating yet"));
    }

    /**
     * {@code restaurant-popularity-refresh}: a score counts the orders placed within the window and delivered (none:
     * 0). Answers how many scores changed.
     */
    public int refreshPopularity() {
        Instant since = Time.now().minus(config.popularity().window());
        Map<UUID, BigDecimal> scores = QuarkusTransaction.requiringNew().call(() -> {
            Map<UUID, BigDecimal> counts = new HashMap<>();
            for (Object[] row : Panache.getEntityManager().createQuery("select o.restaurantId, count(o) from Order o"
                    + " where o.status = ?1 and o.createdAt >= ?2 group by o.restaurantId", Object[].class)
                    .setParameter(1, OrderStatus.DELIVERED).setParameter(2, since).getResultList()) {
                counts.put((UUID) row[0], BigDecimal.valueOf(((Number) row[1]).longValue()));
            }
            return counts;
        });
        return restaurants.updatePopularity(scores);
    }

    private static RatingView view(OrderRating r) {
        return new RatingView(r.orderId, r.restaurantId, r.stars, r.comment, r.createdAt);
    }

    private static ProblemException alreadyRated(UUID orderId) {
        return ProblemException.conflict("already-rated", "Order " + orderId + " is rated already; a rating is "
                + "given once");
    }
}
