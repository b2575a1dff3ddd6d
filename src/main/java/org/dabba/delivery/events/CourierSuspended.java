package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin suspended the courier ({@code statusReason} says why): no offers until reinstated. The data is the courier's profile after it ({@link CourierProfile}). */
@DomainEvent.Type(CourierSuspended.TYPE)
public record CourierSuspended(@JsonValue CourierProfile courier) implements CourierEvent {

    public static final String TYPE = "org.dabba.courier.suspended";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CourierSuspended {
    }
}
