package org.dabba.order;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.order.OrderApi.OrderPage;
import org.dabba.order.OrderApi.OrderView;
import org.dabba.order.OrderApi.StatusView;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.RestaurantService;

/**
 * Who may read an order, and what they read: its customer, its restaurant's owner (paid orders only) and admins;
 * anyone else gets a 404, so that an order's existence does not leak.
 */
@ApplicationScoped
public class OrderReads {

    private static final Sort NEWEST_FIRST = Sort.by("createdAt").descending().and("id").descending();

    @Inject
    RestaurantService restaurants;

    @Inject
    OrderViews views;

    /** {@code GET /orders/{id}/status}. */
    @Transactional
    public StatusView status(Caller caller, UUID orderId) {
        Order o = readable(caller, orderId);
        return new StatusView(o.id, o.status, o.paymentStatus, o.updatedAt);
    }

    /** {@code GET /orders/{id}}. */
    @Transactional
    public OrderView get(Caller caller, UUID orderId) {
        return views.full(readable(caller, orderId));
    }

    /** {@code GET /orders}: the orders the caller placed, newest first. */
    @Transactional
    public OrderPage mine(Caller caller, int page, int size) {
        return page(Order.find("customerId", NEWEST_FIRST, caller.userId()), page, size);
    }

    /**
     * {@code GET /restaurants/{restaurantId}/orders}: the restaurant's paid orders, newest first, in any of
     * {@code statuses} (all when empty).
     */
    @Transactional
    public OrderPage forRestaurant(Caller caller, UUID restaurantId, Set<OrderStatus> statuses, int page, int size) {
        restaurants.requireOwned(restaurantId, caller);
        return page(statuses.isEmpty()
                ? Order.find("restaurantId = ?1 and paidAt is not null", NEWEST_FIRST, restaurantId)
                : Order.find("restaurantId = ?1 and paidAt is not null and status in ?2", NEWEST_FIRST,
                        restaurantId, statuses), page, size);
    }

    private OrderPage page(PanacheQuery<Order> query, int page, int size) {
        List<OrderView> items = query.page(Page.of(page, size)).list().stream().map(views::brief).toList();
        return new OrderPage(items, page, size, query.count());
    }

    /**
     * The restaurant's paid orders waiting for its decision (PENDING_RESTAURANT_ACCEPTANCE), oldest first: what
     * its dashboard shows on connect. No caller check: the dashboard's handshake has checked the owner.
     */
    @Transactional
    public List<OrderView> awaitingDecision(UUID restaurantId) {
        return Order.<Order>find("restaurantId = ?1 and status = ?2", Sort.by("createdAt").and("id"), restaurantId,
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE).list().stream().map(views::brief).toList();
    }

    /**
     * Who placed {@code orderId}, if it exists: for features that decide access themselves, e.g. the customer's
     * live socket (notification), which must not read the orders table.
     */
    @Transactional
    public Optional<UUID> customerOf(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).map(o -> o.customerId);
    }

    /** The order if the caller may read it: its customer, its restaurant's owner, an admin; 404 for others. */
    Order readable(Caller caller, UUID orderId) {
        return readable(caller, orderId, false);
    }

    /** The same, the row locked for a change when {@code forUpdate}. */
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
}
