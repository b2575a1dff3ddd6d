package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin deactivated the restaurant ({@code statusReason} says why). The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantDeactivated.TYPE)
public record RestaurantDeactivated(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.deactivated";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantDeactivated {
    }
}
