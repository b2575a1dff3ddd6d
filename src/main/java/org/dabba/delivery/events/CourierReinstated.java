package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin lifted the courier's suspension. The data is the courier's profile after it ({@link CourierProfile}). */
@DomainEvent.Type(CourierReinstated.TYPE)
public record CourierReinstated(@JsonValue CourierProfile courier) implements CourierEvent {

    public static final String TYPE = "org.dabba.courier.reinstated";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CourierReinstated {
    }
}
