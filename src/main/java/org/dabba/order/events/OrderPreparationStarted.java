package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.dabba.platform.events.DomainEvent;

/** The restaurant started cooking. */
@DomainEvent.Type(value = "org.dabba.order.preparation.started", version = 1)
public record OrderPreparationStarted(@JsonUnwrapped OrderSnapshot order, Integer prepTimeMinutes,
        Instant estimatedReadyAt) implements OrderEvent {
}
