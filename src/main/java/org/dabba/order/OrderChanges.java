package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.function.Function;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;

/**
 * How a change of an order is recorded: the move through {@link Order#moveTo} and its event, written to the
 * outbox in the same transaction.
 */
@ApplicationScoped
public class OrderChanges {

    static final String EVENTS = "order";
    /** The reason of an order rejected because the restaurant did not answer in time. */
    public static final String RESTAURANT_TIMEOUT = "restaurant-timeout";
    /** The reason dispatch gives when no courier could be found in time. */
    public static final String DISPATCH_DEADLINE = "dispatch-deadline";

    @Inject
    Outbox outbox;

    /** The order moves to {@code target} and says so with the event made from it as it is then. */
    void move(Order o, OrderStatus target, PaymentStatus payment, String reason, Actor by,
            Function<OrderSnapshot, ? extends OrderEvent> event) {
        o.moveTo(target, payment, reason, by);
        publish(o, event);
    }

    /** Flushed first, so a concurrent change fails here (409) before anything is published; then the event. */
    void publish(Order o, Function<OrderSnapshot, ? extends OrderEvent> event) {
        Order.flush();
        outbox.publish(EVENTS, o.id, event.apply(new OrderSnapshot(o.id, o.restaurantId, o.customerId, o.status,
                o.paymentStatus, o.total, o.deliveryFee, o.courierId, o.currency, OrderViews.lines(o),
                OrderViews.address(o), OrderViews.refunds(o), o.createdAt, o.updatedAt)));
    }

    static Order existing(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).orElseThrow(() -> notFound(orderId));
    }

    static ProblemException notFound(UUID orderId) {
        return ProblemException.notFound("Order", orderId);
    }
}
