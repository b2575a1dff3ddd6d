package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.UUID;
import org.dabba.order.Actor;
import org.dabba.order.OrderBodies.RefundType;
import org.dabba.platform.events.DomainEvent;

/**
 * CANCELLED: by whom, why, and the refund asked with it. An unpaid order given up by the payment's expiry names
 * neither who nor a refund.
 */
@DomainEvent.Type(value = "org.dabba.order.cancelled", version = 1)
public record OrderCancelled(@JsonUnwrapped OrderSnapshot order, String reason,
        @JsonInclude(JsonInclude.Include.NON_NULL) Actor cancelledBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) Refund refund, UUID refundId, String paymentIntentId)
        implements OrderEvent {

    /** The refund the cancellation asked for (zero for NONE or an order never charged). */
    public record Refund(RefundType type, BigDecimal amount) {
    }
}
