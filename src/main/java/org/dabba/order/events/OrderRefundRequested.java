package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.util.UUID;
import org.dabba.order.Actor;
import org.dabba.platform.events.DomainEvent;

/** An admin asked for part (or the rest) of the charge back, outside a cancellation. */
@DomainEvent.Type(value = "org.dabba.order.refund.requested", version = 1)
public record OrderRefundRequested(@JsonUnwrapped OrderSnapshot order, UUID refundId, BigDecimal amount, String reason,
        Actor requestedBy, String paymentIntentId) implements OrderEvent {
}
