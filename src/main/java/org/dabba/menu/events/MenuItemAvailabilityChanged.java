package org.dabba.menu.events;

import org.dabba.platform.events.DomainEvent;

/** The owner marked a dish available or sold out ({@code item.isAvailable}). */
@DomainEvent.Type(MenuItemAvailabilityChanged.TYPE)
public record MenuItemAvailabilityChanged(MenuItemData item, long version) implements MenuItemEvent {

    public static final String TYPE = "org.dabba.menu.item.availability.changed";
}
