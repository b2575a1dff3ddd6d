package org.dabba.order.events;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.time.Instant;
import org.dabba.platform.events.DomainEvent;

/** The food waits for its courier (a flag: the order stays ACCEPTED or IN_PREPARATION). */
@DomainEvent.Type(value = "org.dabba.order.ready", version = 1)
public record OrderReady(@JsonUnwrapped OrderSnapshot order, Instant readyAt) implements OrderEvent {
}
