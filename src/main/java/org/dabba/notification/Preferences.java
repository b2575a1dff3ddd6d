package org.dabba.notification;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Role;

/**
 * Which channels a user opts in to, per kind of notification: the body of {@code GET} and {@code PUT
 * /me/notification-preferences}, one key per kind as the kinds are named ({@link Kind}), so that a refused kind is
 * named as the caller wrote it. Defaults by role ({@link #defaults}); the alerts a role's work depends on cannot be
 * switched off entirely ({@link #checkFor}).
 */
public record Preferences(
        @JsonProperty("ORDER_UPDATES") @NotNull @Valid Channels ORDER_UPDATES,
        @JsonProperty("OFFERS") @NotNull @Valid Channels OFFERS,
        @JsonProperty("PROMOTIONS") @NotNull @Valid Channels PROMOTIONS) {

    /** What a notification is about. */
    public enum Kind {
        /** An order's progress; for a restaurant owner, the new-order alert. */
        ORDER_UPDATES,
        /** A courier's delivery offers. */
        OFFERS,
        /** Marketing: promotion codes, new restaurants. */
        PROMOTIONS
    }

    /** How a notification reaches someone whose app is closed. */
    public enum Channel {
        PUSH,
        EMAIL,
        SMS
    }

    /** One kind's opt-ins, each required: a PUT says every one. */
    public record Channels(@NotNull Boolean push, @NotNull Boolean email, @NotNull Boolean sms) {

        static final Channels NONE = new Channels(false, false, false);

        boolean allows(Channel channel) {
            return switch (channel) {
                case PUSH -> push;
                case EMAIL -> email;
                case SMS -> sms;
            };
        }

        boolean anyOn() {
            return push || email || sms;
        }
    }

    /** Whether {@code kind} may go out through {@code channel}. */
    public boolean allows(Kind kind, Channel channel) {
        return of(kind).allows(channel);
    }

    public Channels of(Kind kind) {
        return switch (kind) {
            case ORDER_UPDATES -> ORDER_UPDATES;
            case OFFERS -> OFFERS;
            case PROMOTIONS -> PROMOTIONS;
        };
    }

    /** What a user of {@code role} gets until they say otherwise. */
    public static Preferences defaults(Role role) {
        return switch (role) {
            case CUSTOMER -> new Preferences(new Channels(true, true, false), Channels.NONE, Channels.NONE);
            case RESTAURANT_OWNER -> new Preferences(new Channels(true, true, true), Channels.NONE, Channels.NONE);
            case COURIER -> new Preferences(new Channels(true, false, false), new Channels(true, false, false),
                    Channels.NONE);
            case ADMIN -> new Preferences(new Channels(false, true, false), Channels.NONE, Channels.NONE);
        };
    }

    /**
     * 400 naming the kind when a {@code role} would turn off what its work depends on: a restaurant owner's
     * ORDER_UPDATES (the new-order alert), a courier's OFFERS.
     */
    void checkFor(Role role) {
        Kind required = switch (role) {
            case RESTAURANT_OWNER -> Kind.ORDER_UPDATES;
            case COURIER -> Kind.OFFERS;
            default -> null;
        };
        if (required != null && !of(required).anyOn()) {
            throw ProblemException.invalid(required.name(), "a " + role + " must keep at least one channel on: it "
                    + (required == Kind.ORDER_UPDATES ? "carries the new-order alert" : "carries delivery offers"));
        }
    }
}
