package org.dabba.order.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.OrderLine;
import org.dabba.order.OrderBodies.OrderRefundView;
import org.dabba.order.OrderStatus;
import org.dabba.order.PaymentStatus;

/** The order as every one of its events carries it (unwrapped: its fields sit beside the event's own). */
public record OrderSnapshot(UUID orderId, UUID restaurantId, UUID customerId, OrderStatus status,
        PaymentStatus paymentStatus, BigDecimal total, BigDecimal deliveryFee, UUID courierId, String currency,
        List<OrderLine> items, DeliveryAddress deliveryAddress, List<OrderRefundView> refunds, Instant placedAt,
        Instant updatedAt) {

    /** The same order naming {@code courier}: a released delivery names the courier it was taken from. */
    public OrderSnapshot withCourier(UUID courier) {
        return new OrderSnapshot(orderId, restaurantId, customerId, status, paymentStatus, total, deliveryFee, courier,
                currency, items, deliveryAddress, refunds, placedAt, updatedAt);
    }

    /** Paid at some point: neither waiting for its payment nor ended without one. */
    public boolean reachedRestaurant() {
        return status != OrderStatus.PAYMENT_PENDING && status != OrderStatus.PAYMENT_FAILED
                && paymentStatus != PaymentStatus.PENDING && paymentStatus != PaymentStatus.FAILED;
    }
}
