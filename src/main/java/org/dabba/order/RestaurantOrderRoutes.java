package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderApi.AcceptRequest;
import org.dabba.order.OrderApi.RejectRequest;
import org.dabba.order.OrderApi.StatusRequest;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * /restaurants/{restaurantId}/orders: the restaurant's owner lists its paid orders and decides on them (accept,
 * reject, move on to IN_PREPARATION); and the acceptance timeout that decides when the owner does not. The owner
 * only: other roles get 403, another owner the restaurant rule (403, or 404 for a restaurant the public cannot
 * see), an order of another restaurant or one never paid 404.
 */
@ApplicationScoped
public class RestaurantOrderRoutes extends RouteBuilder {

    /** The statuses a paid order can have: what the list filters on. */
    static final Set<OrderStatus> PAID_STATUSES = EnumSet.complementOf(
            EnumSet.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_FAILED));

    @Inject
    Http http;

    @Inject
    OrderReads orders;

    @Inject
    RestaurantDecisions decisions;

    @Override
    public void configure() {
        rest("/restaurants/{restaurantId}/orders")
                .get().to("direct:order-restaurant-list")
                .post("/{orderId}/accept").to("direct:order-accept")
                .post("/{orderId}/reject").to("direct:order-reject")
                .post("/{orderId}/status").to("direct:order-move-on")
                .post("/{orderId}/ready").to("direct:order-ready");

        from("direct:order-restaurant-list").routeId("order-restaurant-list")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    http.ok(e, orders.forRestaurant(owner, restaurantId(e), statuses(e), Paging.page(e),
                            Paging.size(e)));
                });

        from("direct:order-accept").routeId("order-accept")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    // The body is optional: none (or {}) takes the restaurant's usual preparation time.
                    AcceptRequest request = Http.hasBody(e) ? http.read(e, AcceptRequest.class) : new AcceptRequest(null);
                    http.ok(e, decisions.accept(owner, restaurantId(e), orderId(e), request.prepTimeMinutes()));
                });

        from("direct:order-reject").routeId("order-reject")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    RejectRequest request = http.read(e, RejectRequest.class);
                    http.ok(e, decisions.reject(owner, restaurantId(e), orderId(e), request.reason()));
                });

        from("direct:order-move-on").routeId("order-move-on")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    StatusRequest request = http.read(e, StatusRequest.class);
                    http.ok(e, decisions.moveOn(owner, restaurantId(e), orderId(e), request.status()));
                });

        from("direct:order-ready").routeId("order-ready")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    http.ok(e, decisions.readyForPickup(owner, restaurantId(e), orderId(e)));
                });

        from("timer:order-acceptance-timeout?delay=5000&period={{dabba.orders.acceptance-check-interval}}")
                .routeId("order-acceptance-timeout")
                .process(e -> decisions.rejectUnanswered(Time.now()));
    }

    private static UUID restaurantId(Exchange e) {
        return Http.uuidParam(e, "restaurantId", "Restaurant");
    }

    private static UUID orderId(Exchange e) {
        return Http.uuidParam(e, "orderId", "Order");
    }


    /** {@code ?status=A,B} or {@code ?status=A&status=B}; empty: all. 400 naming the statuses a filter may use. */
    static Set<OrderStatus> statuses(Exchange e) {
        Object raw = e.getMessage().getHeader("status");
        List<String> values = new ArrayList<>();
        if (raw instanceof Iterable<?> many) {
            many.forEach(v -> values.add(String.valueOf(v)));
        } else if (raw != null) {
            values.add(raw.toString());
        }
        Set<OrderStatus> statuses = EnumSet.noneOf(OrderStatus.class);
        for (String value : values) {
            for (String name : value.split(",")) {
                if (name.isBlank()) {
                    continue;
                }
                OrderStatus status = Arrays.stream(OrderStatus.values())
                        .filter(s -> s.name().equals(name.strip())).findFirst()
                        .filter(PAID_STATUSES::contains)
                        .orElseThrow(() -> ProblemException.invalid("status", "must be one or more of "
                                + PAID_STATUSES.stream().map(Enum::name).collect(Collectors.joining(", "))
                                + " (a restaurant sees only paid orders)"));
                statuses.add(status);
            }
        }
        return statuses;
    }
}
