package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.dabba.platform.events.DomainEvent;

/** Paid: the order waits for the restaurant's decision. */
@DomainEvent.Type(value = "org.dabba.order.payment.success", version = 1)
public record OrderPaid(@JsonUnwrapped OrderSnapshot order, String paymentIntentId, Instant paidAt)
        implements OrderEvent {
}
