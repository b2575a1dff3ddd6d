package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** The restaurant refused the order (or did not answer: {@code restaurant-timeout}); its refund is asked for. */
@DomainEvent.Type(value = "org.dabba.order.restaurant.rejected", version = 1)
public record OrderRejected(@JsonUnwrapped OrderSnapshot order, String reason, String paymentIntentId)
        implements OrderEvent {
}
