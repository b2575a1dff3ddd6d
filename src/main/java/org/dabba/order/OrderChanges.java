package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.Outbox;

/**
 * How a change of an order is recorded: the move through {@link Order#moveTo} (refused if the state machine does
 * not allow it, written in the history) and its event, written to the outbox in the same transaction.
 */
@ApplicationScoped
public class OrderChanges {

    static final String EVENTS = "order";
    public static final String PAID = "order.payment.success";
    public static final String PAYMENT_FAILED = "order.payment.failed";
    public static final String CANCELLED = "order.cancelled";
    public static final String REFUNDED = "order.payment.refunded";
    public static final String CONFIRMED = "order.restaurant.confirmed";
    public static final String REJECTED = "order.restaurant.rejected";
    public static final String PREPARING = "order.preparation.started";
    public static final String COURIER_ASSIGNED = "order.deliverypartner.assigned";
    public static final String DELIVERY_STARTED = "order.delivery.started";
    public static final String DELIVERED = "order.delivered";
    public static final String DELIVERY_DELAYED = "order.delivery.delayed";
    public static final String COURIER_RELEASED = "order.deliverypartner.released";
    public static final String READY_FOR_PICKUP = "order.ready.for.pickup";
    public static final String REFUND_REQUESTED = "order.refund.requested";
    /** The reason of an order rejected because the restaurant did not answer in time. */
    public static final String RESTAURANT_TIMEOUT = "restaurant-timeout";
    /** The reason dispatch gives when no courier could be found in time. */
    public static final String DISPATCH_DEADLINE = "dispatch-deadline";

    @Inject
    Outbox outbox;

    @Inject
    OrderViews views;

    /** The order moves to {@code target} and says so with {@code type}. */
    void move(Order o, OrderStatus target, PaymentStatus payment, String reason, Actor by, String type,
            Object... extras) {
        o.moveTo(target, payment, reason, by);
        publish(o, type, extras);
    }

    /**
     * The order flushed first, so that a concurrent change (optimistic locking) fails in this call, as a 409
     * concurrent-update, before anything is published; then its event with the whole order and the type's extras,
     * given as name, value pairs.
     */
    void publish(Order o, String type, Object... extras) {
        Order.flush();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("orderId", o.id);
        data.put("restaurantId", o.restaurantId);
        data.put("customerId", o.customerId);
        data.put("status", o.status);
        data.put("paymentStatus", o.paymentStatus);
        data.put("total", o.total);
        data.put("deliveryFee", o.deliveryFee);
        data.put("courierId", o.courierId);
        data.put("currency", o.currency);
        data.put("items", views.lines(o));
        data.put("deliveryAddress", views.address(o));
        data.put("refunds", OrderViews.refunds(o));
        data.put("placedAt", o.createdAt);
        data.put("updatedAt", o.updatedAt);
        for (int i = 0; i < extras.length; i += 2) {
            data.put((String) extras[i], extras[i + 1]);
        }
        outbox.publish(EVENTS, o.id, type, data);
    }

    static Order existing(UUID orderId) {
        return Order.<Order>findByIdOptional(orderId).orElseThrow(() -> notFound(orderId));
    }

    static ProblemException notFound(UUID orderId) {
        return ProblemException.notFound("Order", orderId);
    }
}
