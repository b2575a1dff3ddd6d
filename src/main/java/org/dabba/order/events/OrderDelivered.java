package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.dabba.platform.events.DomainEvent;

/** The courier handed the food over: DELIVERED. */
@DomainEvent.Type(value = "org.dabba.order.delivered", version = 1)
public record OrderDelivered(@JsonUnwrapped OrderSnapshot order) implements OrderEvent {
}
