package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** Nobody took the delivery after {@code rounds} rounds of offers; dispatch keeps trying. */
@DomainEvent.Type(value = "org.dabba.order.delivery.delayed", version = 1)
public record OrderDeliveryDelayed(@JsonUnwrapped OrderSnapshot order, int rounds) implements OrderEvent {
}
