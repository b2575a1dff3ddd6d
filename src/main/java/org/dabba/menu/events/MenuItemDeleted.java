package org.dabba.menu.events;

import org.dabba.platform.events.DomainEvent;

/** The owner removed a dish from the menu (its photos are gone). */
@DomainEvent.Type(MenuItemDeleted.TYPE)
public record MenuItemDeleted(MenuItemData item, long version) implements MenuItemEvent {

    public static final String TYPE = "org.dabba.menu.item.deleted";
}
