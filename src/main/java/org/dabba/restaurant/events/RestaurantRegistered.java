package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An owner registered a restaurant; it waits for the admins' verification. The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantRegistered.TYPE)
public record RestaurantRegistered(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.registered";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantRegistered {
    }
}
