package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * Users' notification preferences: what they set, else their role's defaults ({@link Preferences#defaults}).
 * A PUT replaces the whole set; the alerts a role's work depends on cannot all be off ({@link Preferences}).
 */
@ApplicationScoped
public class NotificationPreferences {

    /** The preferences in force for {@code userId}, a user of {@code role}: theirs, else the role's defaults. */
    @Transactional
    public Preferences of(UUID userId, Role role) {
        NotificationPreference stored = NotificationPreference.findById(userId);
        return stored == null ? Preferences.defaults(role) : Json.read(stored.preferences, Preferences.class);
    }

    /** Replaces the caller's preferences; 400 naming the kind its role may not turn off, and then nothing changes. */
    @Transactional
    public Preferences put(Caller caller, Preferences preferences) {
        preferences.checkFor(caller.role());
        // One statement, so that two first PUTs at once do not collide on the key: the later wins.
        Panache.getEntityManager().createNativeQuery("""
                insert into notification_preferences (user_id, preferences, updated_at)
                values (:user, cast(:preferences as jsonb), :now)
                on conflict (user_id) do update
                    set preferences = excluded.preferences, updated_at = excluded.updated_at""")
                .setParameter("user", caller.userId())
                .setParameter("preferences", Json.write(preferences))
                .setParameter("now", Time.now())
                .executeUpdate();
        return preferences;
    }
}
