package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.dabba.platform.events.DomainEvent;

/** The restaurant accepted the order, ready in {@code prepTimeMinutes}: dispatch starts looking for a courier. */
@DomainEvent.Type(value = "org.dabba.order.restaurant.confirmed", version = 1)
public record OrderConfirmed(@JsonUnwrapped OrderSnapshot order, Integer prepTimeMinutes,
        Instant estimatedReadyAt) implements OrderEvent {
}
