package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin rejected the courier ({@code statusReason} says why). The data is the courier's profile after it ({@link CourierProfile}). */
@DomainEvent.Type(CourierRejected.TYPE)
public record CourierRejected(@JsonValue CourierProfile courier) implements CourierEvent {

    public static final String TYPE = "org.dabba.courier.rejected";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public CourierRejected {
    }
}
