package org.dabba.order.events;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.events.DomainEvent;

/** Every event an order publishes, found by its CloudEvents type. */
public final class OrderEventTypes {

    public static final List<Class<? extends OrderEvent>> ALL = List.of(OrderPaid.class, OrderPaymentFailed.class,
            OrderRefunded.class, OrderConfirmed.class, OrderRejected.class, OrderPreparationStarted.class,
            OrderReady.class, OrderCourierAssigned.class, OrderCourierReleased.class, OrderDeliveryStarted.class,
            OrderDelivered.class, OrderDeliveryDelayed.class, OrderCancelled.class, OrderRefundRequested.class);

    private static final Map<String, Class<? extends OrderEvent>> BY_TYPE = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(DomainEvent::typeOf, Function.identity()));

    private static final String PREFIX = "org.dabba.";

    private OrderEventTypes() {
    }

    /** The event as its record; empty when it is not an order's. */
    public static Optional<OrderEvent> read(CloudEvent event) {
        return Optional.ofNullable(event.type()).map(BY_TYPE::get).map(event::data);
    }

    /**
     * The event's name as clients knew it before reverse-DNS types: the type without {@code org.dabba.}, the ready
     * flag's longer.
     */
    public static String name(String type) {
        if (DomainEvent.typeOf(OrderReady.class).equals(type)) {
            return "order.ready.for.pickup";
        }
        return type.startsWith(PREFIX) ? type.substring(PREFIX.length()) : type;
    }
}
