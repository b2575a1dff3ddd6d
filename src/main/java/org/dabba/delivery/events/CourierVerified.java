package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin approved the courier: they may take offers. The data is the courier's profile after it ({@link CourierProfile}). */
@DomainEvent.Type(CourierVerified.TYPE)
public record CourierVerified(@JsonValue CourierProfile courier) implements CourierEvent {

    public static final String TYPE = "org.dabba.courier.verified";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CourierVerified {
    }
}
