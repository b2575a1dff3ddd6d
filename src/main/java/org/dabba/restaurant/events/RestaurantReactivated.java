package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import org.dabba.platform.events.DomainEvent;

/** An admin made a deactivated restaurant ACTIVE again. The data is the restaurant after it ({@link RestaurantState}). */
@DomainEvent.Type(RestaurantReactivated.TYPE)
public record RestaurantReactivated(@JsonValue RestaurantState restaurant) implements RestaurantEvent {

    public static final String TYPE = "org.dabba.restaurant.reactivated";

    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public RestaurantReactivated {
    }
}
