package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** The courier picked the food up: OUT_FOR_DELIVERY. */
@DomainEvent.Type(value = "org.dabba.order.delivery.started", version = 1)
public record OrderDeliveryStarted(@JsonUnwrapped OrderSnapshot order) implements OrderEvent {
}
