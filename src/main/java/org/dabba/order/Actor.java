package org.dabba.order;

import java.util.UUID;
import org.dabba.platform.security.Caller;

/**
 * Who made a change of an order: a person in one of their roles, or the platform itself (timers, the gateway,
 * dispatch); written into the history, so an admin can tell who cancelled.
 */
public record Actor(Kind kind, UUID userId) {

    public enum Kind { CUSTOMER, RESTAURANT, COURIER, ADMIN, SYSTEM }

    /** The platform: timers, the payment gateway's events, dispatch. */
    public static final Actor SYSTEM = new Actor(Kind.SYSTEM, null);

    public static Actor customer(UUID userId) {
        return new Actor(Kind.CUSTOMER, userId);
    }

    public static Actor courier(UUID courierId) {
        return new Actor(Kind.COURIER, courierId);
    }

    public static Actor admin(UUID adminId) {
        return new Actor(Kind.ADMIN, adminId);
    }

    /** The caller in the role they act in (a restaurant owner acts as their restaurant). */
    public static Actor of(Caller caller) {
        return new Actor(switch (caller.role()) {
            case CUSTOMER -> Kind.CUSTOMER;
            case RESTAURANT_OWNER -> Kind.RESTAURANT;
            case COURIER -> Kind.COURIER;
            case ADMIN -> Kind.ADMIN;
        }, caller.userId());
    }

    /** As stored in the history's {@code actor} column: {@code ADMIN:<uuid>}, or {@code SYSTEM}. */
    String stored() {
        return userId == null ? kind.name() : kind.name() + ":" + userId;
    }

    static Actor parse(String stored) {
        if (stored == null) {
            return SYSTEM;
        }
        int colon = stored.indexOf(':');
        return colon < 0 ? new Actor(Kind.valueOf(stored), null)
                : new Actor(Kind.valueOf(stored.substring(0, colon)), UUID.fromString(stored.substring(colon + 1)));
    }
}
