package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin approved the restaurant: it is ACTIVE. The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantVerified.TYPE)
public record RestaurantVerified(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.verified";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantVerified {
    }
}
