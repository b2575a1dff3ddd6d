package org.dabba.order;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.dabba.order.OrderBodies.CheckoutState;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.OrderRefundView;
import org.dabba.order.OrderBodies.OrderView;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.order.OrderBodies.TransitionView;
import org.dabba.platform.Json;

/** An order as each of its readers sees it; the items and address are read from the order's JSON snapshots. */
final class OrderViews {

    private static final TypeReference<List<OrderLine>> LINES = new TypeReference<>() {
    };

    private OrderViews() {
    }

    /** The order with its history and refunds, as GET /orders/{id} answers it. */
    static OrderView full(Order o) {
        return view(o, OrderTransition.of(o.id).stream()
                .map(t -> new TransitionView(t.fromStatus, t.toStatus, t.paymentStatus, t.reason,
                        Actor.parse(t.actor), t.at)).toList(), refunds(o));
    }

    /** The order as lists show it: without history and refunds. */
    static OrderView brief(Order o) {
        return view(o, null, null);
    }

    private static OrderView view(Order o, List<TransitionView> history, List<OrderRefundView> refunds) {
        return new OrderView(o.id, o.customerId, o.restaurantId, o.cartId, o.status, o.paymentStatus,
                o.paymentMethod, o.paymentIntentId, o.promoCode, lines(o), address(o), o.distanceKm,
                pricing(o),
                history, o.createdAt, o.updatedAt, o.paidAt, o.prepTimeMinutes, o.estimatedReadyAt, refunds,
                o.promisedDeliveryAt, o.pickedUpAt, o.deliveredAt);
    }

    /** What the order costs, as the order keeps it. */
    static PriceBreakdown pricing(Order o) {
        return new PriceBreakdown(o.subtotal, o.discount, o.tax, o.platformFee, o.deliveryFee, o.total, o.currency);
    }

    /** The order as its delivery sees it. */
    static DeliveryView delivery(Order o) {
        DeliveryAddress a = address(o);
        return new DeliveryView(o.id, o.customerId, o.restaurantId, o.status, o.courierId, a.latitude(),
                a.longitude(), o.readyAt, o.acceptedAt, o.estimatedReadyAt, o.courierAssignedAt, o.deliveryFee,
                o.currency, lines(o), a);
    }

    /** The order as checkout sees it. */
    static CheckoutState state(Order o) {
        return new CheckoutState(o.id, o.cartId, o.status, o.paymentStatus, o.paymentMethod, o.paymentIntentId,
                o.clientSecret, o.total, o.currency, o.createdAt);
    }

    static OrderRefundView refund(OrderRefund r, String currency) {
        return new OrderRefundView(r.id, r.amount, currency, r.status, r.reason, Actor.parse(r.actor),
                r.gatewayRefundId, r.createdAt);
    }

    static List<OrderRefundView> refunds(Order o) {
        return OrderRefund.of(o.id).stream().map(r -> refund(r, o.currency)).toList();
    }

    static List<OrderLine> lines(Order o) {
        return Json.read(o.items, LINES);
    }

    static DeliveryAddress address(Order o) {
        return Json.read(o.deliveryAddress, DeliveryAddress.class);
    }
}
