package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** The owner switched the restaurant ONLINE or OFFLINE. The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantStatusChanged.TYPE)
public record RestaurantStatusChanged(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.status.changed";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantStatusChanged {
    }
}
