package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.order.OrderBodies.CancellationRate;
import org.dabba.order.OrderBodies.DeliveryStats;
import org.dabba.order.OrderBodies.OrderPage;
import org.dabba.order.OrderBodies.OrderView;
import org.dabba.order.OrderBodies.PaymentMismatchPage;
import org.dabba.order.OrderBodies.PaymentMismatchView;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.OrderBodies.RestaurantNumbers;
import org.dabba.order.OrderBodies.Review;
import org.dabba.order.OrderBodies.StatusView;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who may read an order: its customer, its restaurant's owner (once paid) and admins; others get a 404, so an
 * order's existence does not leak. And what admins measure across orders.
 */
@ApplicationScoped
public class OrderReads {

    /** How many of the latest reviews the restaurant's numbers show. */
    static final int RECENT_REVIEWS = 5;

    private static final Sort NEWEST_FIRST = Sort.by("createdAt").descending().and("id").descending();

    @Inject
    RestaurantService restaurants;

    /** Every order's currency (one for the platform). */
    @ConfigProperty(name = "dabba.currency")
    String currency;

    /** {@code GET /orders/{id}/status}. */
    @Transactional
    public StatusView status(Caller caller, UUID orderId) {
        Order o = readable(caller, orderId, false);
        return new StatusView(o.id, o.status, o.paymentStatus, o.updatedAt);
    }

    /** {@code GET /orders/{id}}. */
    @Transactional
    public OrderView get(Caller caller, UUID orderId) {
        return OrderViews.full(readable(caller, orderId, false));
    }

    /** {@code GET /orders}: the orders the caller placed, newest first. */
    @Transactional
    public OrderPage mine(Caller caller, int page, int size) {
        return page(Order.find("customerId", NEWEST_FIRST, caller.userId()), page, size);
    }

    /** {@code GET /restaurants/{restaurantId}/orders}: paid orders, newest first, in {@code statuses} (or all). */
    @Transactional
    public OrderPage forRestaurant(Caller caller, UUID restaurantId, Set<OrderStatus> statuses, int page, int size) {
        restaurants.requireOwned(restaurantId, caller);
        return page(statuses.isEmpty()
                ? Order.find("restaurantId = ?1 and paidAt is not null", NEWEST_FIRST, restaurantId)
                : Order.find("restaurantId = ?1 and paidAt is not null and status in ?2", NEWEST_FIRST,
                        restaurantId, statuses), page, size);
    }

    private OrderPage page(PanacheQuery<Order> query, int page, int size) {
        List<OrderView> items = query.page(Page.of(page, size)).list().stream().map(OrderViews::brief).toList();
        return new OrderPage(items, page, size, query.count());
    }

    /** What a dashboard shows on connect (its handshake checked the owner): orders waiting for a decision. */
    @Transactional
    public List<OrderView> awaitingDecision(UUID restaurantId) {
        return Order.<Order>find("restaurantId = ?1 and status = ?2", Sort.by("createdAt").and("id"), restaurantId,
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE).list().stream().map(OrderViews::brief).toList();
    }

    /** Who placed the order, for features that decide access themselves without reading orders. */
    @Transactional
    public Optional<UUID> customerOf(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(o -> o.customerId);
    }

    /** What the order cost, as GET /orders/{id} shows it: for its customer's receipt. */
    @Transactional
    public Optional<PriceBreakdown> pricing(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(OrderViews::pricing);
    }

    /** The order if its customer, its restaurant's owner or an admin calls, else 404; locked {@code forUpdate}. */
    Order readable(Caller caller, UUID orderId, boolean forUpdate) {
        Order o = (forUpdate ? Order.<Order>findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE)
                : Order.<Order>findByIdOptional(orderId)).orElseThrow(() -> OrderChanges.notFound(orderId));
        if (caller.userId().equals(o.customerId) || caller.isAdmin()) {
            return o;
        }
        if (caller.role() == Role.RESTAURANT_OWNER && restaurants.find(o.restaurantId)
                .map(r -> caller.userId().equals(r.ownerId())).orElse(false)) {
            return o;
        }
        throw OrderChanges.notFound(orderId);
    }

    /** A paid order of this restaurant; 404 for another restaurant's or one never paid. */
    static Order restaurantOrder(UUID restaurantId, UUID orderId) {
        return Order.<Order>findByIdOptional(orderId)
                .filter(o -> restaurantId.equals(o.restaurantId) && o.paidAt != null)
                .orElseThrow(() -> OrderChanges.notFound(orderId));
    }

    /** {@code GET /admin/restaurants/{restaurantId}/cancellations}: the history says who cancelled. */
    @Transactional
    public CancellationRate cancellationRate(UUID restaurantId, int days) {
        Instant to = Time.now();
        Instant from = since(restaurantId, to, days);
        Object[] row = (Object[]) Order.getEntityManager().createNativeQuery(
                "select count(*), count(*) filter (where exists (select 1 from order_status_history h "
                        + "where h.order_id = o.id and h.to_status = 'CANCELLED' and h.from_status <> 'CANCELLED' "
                        + "and h.actor like 'RESTAURANT:%')) "
                        + "from orders o where o.restaurant_id = :r and o.paid_at >= :from and o.paid_at < :to")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        long paid = ((Number) row[0]).longValue();
        long cancelled = ((Number) row[1]).longValue();
        BigDecimal rate = paid == 0 ? BigDecimal.ZERO.setScale(4)
                : BigDecimal.valueOf(cancelled).divide(BigDecimal.valueOf(paid), 4, RoundingMode.HALF_EVEN);
        return new CancellationRate(restaurantId, "P" + days + "D", from, to, paid, cancelled, rate);
    }

    /** {@code GET /admin/restaurants/{restaurantId}/stats} ({@link DeliveryStats}): PostgreSQL's percentiles. */
    @Transactional
    public DeliveryStats deliveryStats(UUID restaurantId, int days) {
        Instant to = Time.now();
        Instant from = since(restaurantId, to, days);
        String prep = "extract(epoch from (picked_up_at - accepted_at)) / 60";
        String promised = "extract(epoch from (promised_delivery_at - created_at)) / 60";
        String actual = "extract(epoch from (delivered_at - created_at)) / 60";
        String error = "extract(epoch from (delivered_at - promised_delivery_at)) / 60";
        Object[] row = (Object[]) Order.getEntityManager().createNativeQuery("select count(*), "
                + "percentile_cont(0.5) within group (order by " + prep + "), "
                + "percentile_cont(0.9) within group (order by " + prep + "), "
                + "count(promised_delivery_at), "
                + "percentile_cont(0.5) within group (order by " + promised + "), "
                + "percentile_cont(0.5) within group (order by " + actual + ") "
                + "filter (where promised_delivery_at is not null), "
                + "avg(abs(" + error + ")), avg(" + error + "), "
                + "avg(case when delivered_at > promised_delivery_at then 1.0 else 0.0 end) "
                + "filter (where promised_delivery_at is not null) "
                + "from orders where restaurant_id = :r and delivered_at >= :from and delivered_at <= :to")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        return new DeliveryStats(restaurantId, "P" + days + "D", from, to, ((Number) row[0]).longValue(),
                minutes(row[1]), minutes(row[2]), ((Number) row[3]).longValue(), minutes(row[4]), minutes(row[5]),
                minutes(row[6]), minutes(row[7]), row[8] == null ? null
                        : new BigDecimal(row[8].toString()).setScale(4, RoundingMode.HALF_EVEN));
    }

    /**
     * {@code GET /restaurants/{restaurantId}/numbers}: the restaurant's owner or an admin; others as the
     * restaurant rule says (403 for a public restaurant, else 404).
     */
    @Transactional
    public RestaurantNumbers numbers(Caller caller, UUID restaurantId, LocalDate date) {
        RestaurantView restaurant = caller.isAdmin()
                ? restaurants.find(restaurantId).orElseThrow(() -> ProblemException.notFound("Restaurant", restaurantId))
                : restaurants.requireOwned(restaurantId, caller);
        Instant from = date.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(1));
        var em = Order.getEntityManager();
        Object[] paid = (Object[]) em.createNativeQuery("select count(*), "
                + "count(*) filter (where status in ('REJECTED', 'CANCELLED')), "
                + "coalesce(sum(total) filter (where status not in ('REJECTED', 'CANCELLED')), 0) "
                + "from orders where restaurant_id = :r and paid_at >= :from and paid_at < :to")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        Object prep = em.createNativeQuery("select avg(extract(epoch from (coalesce(ready_at, picked_up_at) "
                + "- accepted_at)) / 60) from orders where restaurant_id = :r and accepted_at >= :from "
                + "and accepted_at < :to and coalesce(ready_at, picked_up_at) is not null")
                .setParameter("r", restaurantId).setParameter("from", from).setParameter("to", to)
                .getSingleResult();
        List<Review> reviews = OrderRating.<OrderRating>find("restaurantId", Sort.by("createdAt").descending()
                .and("orderId"), restaurantId).page(Page.ofSize(RECENT_REVIEWS)).list().stream()
                .map(r -> new Review(r.orderId, r.stars, r.comment, r.createdAt)).toList();
        return new RestaurantNumbers(restaurantId, date, from, to, ((Number) paid[0]).longValue(),
                ((Number) paid[1]).longValue(), new BigDecimal(paid[2].toString()).setScale(2, RoundingMode.HALF_EVEN),
                currency, minutes(prep), restaurant.rating(), restaurant.ratingCount(), reviews);
    }

    /** The window's start, {@code days} before {@code to}; 404 for a restaurant that does not exist. */
    private Instant since(UUID restaurantId, Instant to, int days) {
        if (restaurants.find(restaurantId).isEmpty()) {
            throw ProblemException.notFound("Restaurant", restaurantId);
        }
        return to.minus(Duration.ofDays(days));
    }

    /** Minutes to 0.1 (null stays null: nothing to measure). */
    private static BigDecimal minutes(Object value) {
        return value == null ? null : new BigDecimal(value.toString()).setScale(1, RoundingMode.HALF_EVEN);
    }

    /** {@code GET /admin/payments/mismatches}: newest first. */
    @Transactional
    public PaymentMismatchPage mismatches(int page, int size) {
        var query = PaymentMismatch.<PaymentMismatch>findAll(Sort.by("receivedAt").descending().and("id"));
        List<PaymentMismatchView> items = query.page(Page.of(page, size)).list().stream()
                .map(m -> new PaymentMismatchView(m.id, m.eventId, m.paymentIntentId, m.orderId, m.expectedAmount,
                        m.receivedAmount, m.expectedCurrency, m.receivedCurrency, m.livemode, m.detail, m.receivedAt))
                .toList();
        return new PaymentMismatchPage(items, page, size, query.count());
    }
}
