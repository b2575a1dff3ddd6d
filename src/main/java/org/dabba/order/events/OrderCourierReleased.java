package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** The courier the order names gave the delivery back before pickup (or was taken off it); it goes back to dispatch. */
@DomainEvent.Type(value = "org.dabba.order.deliverypartner.released", version = 1)
public record OrderCourierReleased(@JsonUnwrapped OrderSnapshot order, String reason) implements OrderEvent {
}
