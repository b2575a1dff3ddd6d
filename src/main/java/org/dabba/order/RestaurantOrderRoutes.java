package org.dabba.order;

import static org.dabba.order.OrderRoutes.orderId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.order.OrderBodies.AcceptRequest;
import org.dabba.order.OrderBodies.RejectRequest;
import org.dabba.order.OrderBodies.StatusRequest;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;

/**
 * /restaurants/{restaurantId}/orders: its owner lists its paid orders and decides on them; the acceptance
 * timeout decides when the owner does not. Other callers get 403 or 404 (the restaurant rule), as does an order
 * of another restaurant or one never paid.
 */
@ApplicationScoped
public class RestaurantOrderRoutes extends RouteBuilder {

    /** The statuses a paid order can have: what the list filters on. */
    static final Set<OrderStatus> PAID_STATUSES = EnumSet.complementOf(
            EnumSet.of(OrderStatus.PAYMENT_PENDING, OrderStatus.PAYMENT_FAILED));

    @Inject
    OrderReads orders;

    @Inject
    RestaurantDecisions decisions;

    @Override
    public void configure() {
        from("direct:orderRestaurantList").routeId("order-restaurant-list")
                .process(e -> e.getMessage().setBody(orders.forRestaurant(Caller.required(e), restaurantId(e),
                        statuses(e), Paging.page(e), Paging.size(e))));

        // The body is optional: none (or {}) takes the restaurant's usual preparation time.
        from("direct:orderAccept").routeId("order-accept").inputType(AcceptRequest.class)
                .process(e -> {
                    AcceptRequest request = e.getMessage().getBody(AcceptRequest.class);
                    e.getMessage().setBody(decisions.accept(Caller.required(e), restaurantId(e), orderId(e),
                            request == null ? null : request.prepTimeMinutes()));
                });

        from("direct:orderReject").routeId("order-reject").inputType(RejectRequest.class)
                .process(e -> e.getMessage().setBody(decisions.reject(Caller.required(e), restaurantId(e), orderId(e),
                        e.getMessage().getBody(RejectRequest.class).reason())));

        from("direct:orderMoveOn").routeId("order-move-on").inputType(StatusRequest.class)
                .process(e -> e.getMessage().setBody(decisions.moveOn(Caller.required(e), restaurantId(e), orderId(e),
                        e.getMessage().getBody(StatusRequest.class).status())));

        from("direct:orderReady").routeId("order-ready")
                .process(e -> e.getMessage().setBody(decisions.readyForPickup(Caller.required(e), restaurantId(e),
                        orderId(e))));

        from("direct:orderRestaurantNumbers").routeId("order-restaurant-numbers")
                .process(e -> e.getMessage().setBody(orders.numbers(Caller.required(e), restaurantId(e), day(e))));

        from("timer:order-acceptance-timeout?delay=5000&period={{dabba.orders.acceptance-check-interval}}")
                .routeId("order-acceptance-timeout")
                .process(e -> decisions.rejectUnanswered(Time.now()));
    }

    static UUID restaurantId(Exchange e) {
        return Http.uuidParam(e, "restaurantId", "Restaurant");
    }

    /** {@code ?date=YYYY-MM-DD}, a UTC day; today by default. */
    static LocalDate day(Exchange e) {
        String raw = e.getMessage().getHeader("date", String.class);
        if (raw == null || raw.isBlank()) {
            return LocalDate.ofInstant(Time.now(), ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(raw.strip());
        } catch (DateTimeParseException ex) {
            throw ProblemException.invalid("date", "must be a date as YYYY-MM-DD");
        }
    }

    /** {@code ?status=A,B} or {@code ?status=A&status=B}; empty: all. 400 naming the statuses a filter may use. */
    static Set<OrderStatus> statuses(Exchange e) {
        Object raw = e.getMessage().getHeader("status");
        Iterable<?> values = raw instanceof Iterable<?> many ? many : raw == null ? List.of() : List.of(raw);
        Set<OrderStatus> statuses = EnumSet.noneOf(OrderStatus.class);
        for (Object value : values) {
            for (String name : String.valueOf(value).split(",")) {
                if (!name.isBlank()) {
                    statuses.add(PAID_STATUSES.stream().filter(s -> s.name().equals(name.strip())).findFirst()
                            .orElseThrow(() -> ProblemException.invalid("status", "must be one or more of "
                                    + PAID_STATUSES.stream().map(Enum::name).collect(Collectors.joining(", "))
                                    + " (a restaurant sees only paid orders)")));
                }
            }
        }
        return statuses;
    }
}
