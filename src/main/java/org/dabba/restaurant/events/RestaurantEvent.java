package org.dabba.restaurant.events;

import org.dabba.platform.events.DomainEvent;

/** Every restaurant event carries the restaurant as it is after the change. */
public interface RestaurantEvent extends DomainEvent {

    RestaurantState restaurant();
}
