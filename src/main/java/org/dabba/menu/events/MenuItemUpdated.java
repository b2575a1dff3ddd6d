package org.dabba.menu.events;

import org.dabba.platform.events.DomainEvent;

/** The owner changed a dish (name, description, price, category, type, photo or availability). */
@DomainEvent.Type(MenuItemUpdated.TYPE)
public record MenuItemUpdated(MenuItemData item, long version) implements MenuItemEvent {

    public static final String TYPE = "org.dabba.menu.item.updated";
}
