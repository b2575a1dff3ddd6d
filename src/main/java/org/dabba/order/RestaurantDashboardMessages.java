package org.dabba.order;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.OrderView;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderPaid;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.Json;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.DomainEvent;

/**
 * What the restaurant dashboard's socket says, as JSON with a {@code type}: {@code snapshot}, {@code order.new},
 * {@code order.updated}, {@code error}. Live messages come from the event's data alone (no database).
 */
@ApplicationScoped
public class RestaurantDashboardMessages {

    public static final String SNAPSHOT = "snapshot";
    public static final String NEW = "order.new";
    public static final String UPDATED = "order.updated";
    public static final String ERROR = "error";

    /** The order fields every order event carries; what else an event's data has is passed on as extras. */
    static final Set<String> ORDER_FIELDS = Set.of("orderId", "restaurantId", "customerId", "status",
            "paymentStatus", "total", "currency", "items", "deliveryAddress", "placedAt", "updatedAt");

    /** An order as the dashboard shows it: the same in {@code snapshot} and in {@code order.new}. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DashboardOrder(UUID orderId, OrderStatus status, PaymentStatus paymentStatus, List<OrderLine> items,
            BigDecimal total, String currency, DeliveryAddress deliveryAddress, Instant placedAt, Instant updatedAt) {

        static DashboardOrder of(OrderView o) {
            return new DashboardOrder(o.orderId(), o.status(), o.paymentStatus(), o.items(), o.pricing().total(),
                    o.pricing().currency(), o.deliveryAddress(), o.createdAt(), o.updatedAt());
        }
    }

    public record Snapshot(String type, List<DashboardOrder> orders) {
    }

    public record NewOrder(String type, DashboardOrder order) {
    }

    public record Error(String type, String code, String detail) {
    }

    /** A live message for the sessions of one restaurant. */
    public record Push(UUID restaurantId, String json) {
    }

    public String snapshot(List<OrderView> awaitingDecision) {
        return Json.write(new Snapshot(SNAPSHOT, awaitingDecision.stream().map(DashboardOrder::of).toList()));
    }

    public String clientMessageRefused() {
        return Json.write(new Error(ERROR, "no-client-messages",
                "This socket takes only {\"type\": \"seen\", \"orderId\"}; decide on orders through the REST API"));
    }

    /** The order of a {@code {"type": "seen", "orderId": "…"}} message, if that is what {@code message} is. */
    public Optional<UUID> seenOrder(String message) {
        try {
            JsonNode m = Json.read(message, JsonNode.class);
            return "seen".equals(m.path("type").asText()) ? Optional.of(UUID.fromString(m.path("orderId").asText()))
                    : Optional.empty();
        } catch (RuntimeException notSeen) {
            return Optional.empty();
        }
    }

    /**
     * The message of an order event: {@link OrderPaid} is a new order, any other event of an order that reached
     * the restaurant an update; events of orders that never did make none.
     */
    public Optional<Push> forEvent(CloudEvent event) {
        Optional<OrderSnapshot> read = OrderEventTypes.read(event).map(OrderEvent::order)
                .filter(o -> o.restaurantId() != null && o.orderId() != null);
        if (read.isEmpty()) {
            return Optional.empty();
        }
        OrderSnapshot o = read.get();
        if (DomainEvent.typeOf(OrderPaid.class).equals(event.type())) {
            return Optional.of(new Push(o.restaurantId(), Json.write(new NewOrder(NEW, new DashboardOrder(
                    o.orderId(), o.status(), o.paymentStatus(), o.items(), o.total(), o.currency(),
                    o.deliveryAddress(), o.placedAt(), o.updatedAt())))));
        }
        if (!o.reachedRestaurant()) {
            return Optional.empty();
        }
        JsonNode data = event.data();
        ObjectNode update = Json.mapper().createObjectNode();
        update.put("type", UPDATED);
        update.set("orderId", data.get("orderId"));
        update.set("status", data.get("status"));
        update.set("paymentStatus", data.get("paymentStatus"));
        update.put("event", OrderEventTypes.name(event.type()));
        update.set("updatedAt", data.get("updatedAt"));
        // What the event adds to the order, as the event carries it.
        data.properties().forEach(f -> {
            if (!ORDER_FIELDS.contains(f.getKey())) {
                update.set(f.getKey(), f.getValue());
            }
        });
        return Optional.of(new Push(o.restaurantId(), Json.write(update)));
    }
}
