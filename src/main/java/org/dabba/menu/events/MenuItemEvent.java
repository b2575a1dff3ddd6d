package org.dabba.menu.events;

import org.dabba.platform.events.DomainEvent;

/**
 * Every menu event carries the dish after the change and the dish row's version (a consumer keeps the highest it
 * has seen). Its subject is the dish's restaurant: the menu is part of the restaurant.
 */
public interface MenuItemEvent extends DomainEvent {

    MenuItemData item();

    long version();
}
