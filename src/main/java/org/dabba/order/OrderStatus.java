package org.dabba.order;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * Where an order stands: the one state machine of orders. Every move goes through {@link #requireMove}; a move it
 * does not list is a 409 {@code illegal-transition}, never a silent overwrite.
 *
 * <pre>
 * PAYMENT_PENDING ──paid──▶ PENDING_RESTAURANT_ACCEPTANCE ──▶ ACCEPTED ──▶ IN_PREPARATION ──▶ OUT_FOR_DELIVERY ──▶ DELIVERED
 *       │  │                        │   │            │               │                  │
 *       │  └─▶ PAYMENT_FAILED        │   └─▶ REJECTED └─▶ CANCELLED    └─▶ CANCELLED        └─▶ CANCELLED (admin)
 *       └────▶ CANCELLED             └─▶ CANCELLED
 * </pre>
 * Who may take each way out is the services' rule (docs/reference/state-machines.md).
 * A courier may also pick up an ACCEPTED order straight away (ACCEPTED ──▶ OUT_FOR_DELIVERY): the restaurant need
 * not have said it started preparing.
 */
public enum OrderStatus {
    /** Created by checkout; its PaymentIntent waits for the customer. */
    PAYMENT_PENDING,
    /** Paid; the restaurant has not answered yet. */
    PENDING_RESTAURANT_ACCEPTANCE,
    ACCEPTED,
    IN_PREPARATION,
    OUT_FOR_DELIVERY,
    DELIVERED,
    /** The payment failed (declined, gateway error): the cart is back with the customer. */
    PAYMENT_FAILED,
    REJECTED,
    CANCELLED;

    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            PAYMENT_PENDING, EnumSet.of(PENDING_RESTAURANT_ACCEPTANCE, PAYMENT_FAILED, CANCELLED),
            PENDING_RESTAURANT_ACCEPTANCE, EnumSet.of(ACCEPTED, REJECTED, CANCELLED),
            ACCEPTED, EnumSet.of(IN_PREPARATION, OUT_FOR_DELIVERY, CANCELLED),
            IN_PREPARATION, EnumSet.of(OUT_FOR_DELIVERY, CANCELLED),
            // Only an admin cancels an order on its way (OrderCancellations decides who may take which way out).
            OUT_FOR_DELIVERY, EnumSet.of(DELIVERED, CANCELLED),
            DELIVERED, EnumSet.noneOf(OrderStatus.class),
            PAYMENT_FAILED, EnumSet.noneOf(OrderStatus.class),
            REJECTED, EnumSet.noneOf(OrderStatus.class),
            CANCELLED, EnumSet.noneOf(OrderStatus.class));

    /** Accepted and not yet on its way: a courier may take it (or hand it back), the food may be said ready. */
    public static final Set<OrderStatus> AWAITING_PICKUP =
            Collections.unmodifiableSet(EnumSet.of(ACCEPTED, IN_PREPARATION));
    /** A courier's order until it is delivered. */
    static final Set<OrderStatus> CARRIED = EnumSet.of(ACCEPTED, IN_PREPARATION, OUT_FOR_DELIVERY);

    public Set<OrderStatus> next() {
        return NEXT.get(this);
    }

    public boolean canMoveTo(OrderStatus target) {
        return NEXT.get(this).contains(target);
    }

    public boolean isFinal() {
        return NEXT.get(this).isEmpty();
    }

    /** Refuses a move the machine does not allow: 409 {@code illegal-transition} naming both states. */
    public void requireMove(OrderStatus target, Object orderId) {
        if (!canMoveTo(target)) {
            throw new ProblemException(new Problem("illegal-transition", "Conflict", 409,
                    "Order " + orderId + " cannot go from " + this + " to " + target, null)
                    .with("orderId", String.valueOf(orderId)).with("orderStatus", name()).with("target", target.name()));
        }
    }
}
