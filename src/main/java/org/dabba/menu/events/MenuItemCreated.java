package org.dabba.menu.events;

import org.dabba.platform.events.DomainEvent;

/** The owner added a dish to the menu. */
@DomainEvent.Type(MenuItemCreated.TYPE)
public record MenuItemCreated(MenuItemData item, long version) implements MenuItemEvent {

    public static final String TYPE = "org.dabba.menu.item.created";
}
