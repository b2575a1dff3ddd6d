package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** A courier signed up; they get no offers until an admin approves them. The data is the courier's profile after it ({@link CourierProfile}). */
@DomainEvent.Type(CourierRegistered.TYPE)
public record CourierRegistered(@JsonValue CourierProfile courier) implements CourierEvent {

    public static final String TYPE = "org.dabba.courier.registered";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CourierRegistered {
    }
}
