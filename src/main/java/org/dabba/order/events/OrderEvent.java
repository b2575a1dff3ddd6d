package org.dabba.order.events;

import org.dabba.platform.events.DomainEvent;

/** An event of an order: the order as it stands after the change, and what the change adds. */
public interface OrderEvent extends DomainEvent {

    OrderSnapshot order();
}
