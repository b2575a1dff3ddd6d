package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** A courier took the delivery (the order names them). */
@DomainEvent.Type(value = "org.dabba.order.deliverypartner.assigned", version = 1)
public record OrderCourierAssigned(@JsonUnwrapped OrderSnapshot order) implements OrderEvent {
}
