package org.dabba.delivery.events;

import org.dabba.platform.events.DomainEvent;

/** Every courier event carries the courier's profile as it is after the change. */
public interface CourierEvent extends DomainEvent {

    CourierProfile courier();
}
