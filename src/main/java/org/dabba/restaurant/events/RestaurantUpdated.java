package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** The restaurant's details changed: the owner's edits, its hours, a rating, its popularity or its measured preparation time. The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantUpdated.TYPE)
public record RestaurantUpdated(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.updated";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantUpdated {
    }
}
