package org.dabba.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.dabba.platform.error.ProblemException;
import org.junit.jupiter.api.Test;

/** The order state machine: exactly the moves of an order's lifecycle, anything else a 409 illegal-transition. */
class OrderStatusTest {

    @Test
    void theAllowedMovesAreExactlyTheLifecycle() {
        assertEquals(EnumSet.of(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE, OrderStatus.PAYMENT_FAILED,
                OrderStatus.CANCELLED), OrderStatus.PAYMENT_PENDING.next());
        assertEquals(EnumSet.of(OrderStatus.ACCEPTED, OrderStatus.REJECTED, OrderStatus.CANCELLED),
                OrderStatus.PENDING_RESTAURANT_ACCEPTANCE.next());
        assertEquals(EnumSet.of(OrderStatus.IN_PREPARATION, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.CANCELLED),
                OrderStatus.ACCEPTED.next());
        // Cancelled by the restaurant before pickup, or by an admin on the way.
        assertEquals(Set.of(OrderStatus.OUT_FOR_DELIVERY, OrderStatus.CANCELLED), OrderStatus.IN_PREPARATION.next());
        assertEquals(Set.of(OrderStatus.DELIVERED, OrderStatus.CANCELLED), OrderStatus.OUT_FOR_DELIVERY.next());
        for (OrderStatus end : EnumSet.of(OrderStatus.DELIVERED, OrderStatus.PAYMENT_FAILED, OrderStatus.REJECTED,
                OrderStatus.CANCELLED)) {
            assertTrue(end.isFinal(), end.name());
        }
    }

    @Test
    void everyOtherMoveIsA409IllegalTransition() {
        int refused = 0;
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                if (from.canMoveTo(to)) {
                    from.requireMove(to, "o-1");
                    continue;
                }
                UUID id = UUID.randomUUID();
                ProblemException e = assertThrows(ProblemException.class, () -> from.requireMove(to, id));
                assertEquals(409, e.problem().getStatus());
                assertEquals("/problems/illegal-transition", e.problem().getType());
                assertEquals(from.name(), e.problem().getExtensions().get("orderStatus"));
                assertEquals(to.name(), e.problem().getExtensions().get("target"));
                refused++;
            }
        }
        // 13 allowed moves of 9 × 9 (ACCEPTED -> OUT_FOR_DELIVERY: picked up early; IN_PREPARATION and
        // OUT_FOR_DELIVERY -> CANCELLED: the restaurant's and the admin's cancellations).
        assertEquals(81 - 13, refused);
    }

    @Test
    void aPaidOrderNeverGoesBackToFailedOrPending() {
        assertFalse(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE.canMoveTo(OrderStatus.PAYMENT_FAILED));
        assertFalse(OrderStatus.PENDING_RESTAURANT_ACCEPTANCE.canMoveTo(OrderStatus.PAYMENT_PENDING));
        assertFalse(OrderStatus.PAYMENT_PENDING.canMoveTo(OrderStatus.PAYMENT_PENDING));
        assertFalse(OrderStatus.DELIVERED.canMoveTo(OrderStatus.CANCELLED));
    }
}
