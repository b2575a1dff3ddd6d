package org.dabba.notification;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.notification.DeviceBodies.DeviceRequest;
import org.dabba.notification.DeviceBodies.DeviceView;
import org.dabba.platform.Text;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;

/**
 * Users' devices: the push tokens their apps register, at most {@code dabba.notifications.devices-per-user} each
 * (the least recently seen go first). A token is one user's at a time, the latest to register it: a phone that
 * changes hands, or an account switch in the app, moves it, so a push never reaches the previous user.
 */
@ApplicationScoped
public class Devices {

    @Inject
    NotificationsConfig config;

    /** A device registered, and whether it is new to the caller (a first token, or one moved from another user). */
    public record Registered(DeviceView device, boolean created) {
    }

    /**
     * Registers {@code request}'s token for the caller, or refreshes it (platform, version, lastSeenAt) if it is
     * theirs already; one another user held is theirs now, registered afresh.
     */
    @Transactional
    public Registered register(Caller caller, DeviceRequest request) {
        var em = Panache.getEntityManager();
        List<?> holder = em.createNativeQuery(
                "select cast(user_id as text) from devices where token = :token for update")
                .setParameter("token", request.token()).getResultList();
        boolean created = holder.isEmpty() || !caller.userId().toString().equals(holder.get(0));
        Instant now = Time.now();
        // One statement, so that two apps registering the same new token at once do not collide on the key.
        em.createNativeQuery("""
                insert into devices (token, user_id, platform, app_version, created_at, last_seen_at)
                values (:token, :user, :platform, cast(:version as varchar(64)), :now, :now)
                on conflict (token) do update set
                    created_at = case when devices.user_id = excluded.user_id then devices.created_at
                                      else excluded.created_at end,
                    user_id = excluded.user_id, platform = excluded.platform,
                    app_version = excluded.app_version, last_seen_at = excluded.last_seen_at""")
                .setParameter("token", request.token())
                .setParameter("user", caller.userId())
                .setParameter("platform", request.platform().name())
                .setParameter("version", Text.blankToNull(request.appVersion()))
                .setParameter("now", now)
                .executeUpdate();
        // Beyond the cap, the devices seen longest ago go; never the one just registered.
        em.createNativeQuery("""
                delete from devices where user_id = :user and token not in (
                    select token from devices where user_id = :user
                    order by (token = :token) desc, last_seen_at desc, created_at desc limit :cap)""")
                .setParameter("user", caller.userId())
                .setParameter("token", request.token())
                .setParameter("cap", config.devicesPerUser())
                .executeUpdate();
        Device device = Device.findById(request.token());
        return new Registered(DeviceView.of(device), created);
    }

    /** The caller's devices, the most recently seen first. */
    @Transactional
    public List<DeviceView> list(Caller caller) {
        return of(caller.userId());
    }

    /** Removes the caller's device; 404 when the caller has no such token (whoever else may have it). */
    @Transactional
    public void remove(Caller caller, String token) {
        if (Device.delete("token = ?1 and userId = ?2", token, caller.userId()) == 0) {
            throw ProblemException.of(404, "not-found", "Not found", "You have no device with this token");
        }
    }

    /** The devices a push to {@code userId} goes to, the most recently seen first. */
    @Transactional
    public List<DeviceView> of(UUID userId) {
        return Device.<Device>list("userId", Sort.descending("lastSeenAt", "createdAt"), userId).stream()
                .map(DeviceView::of).toList();
    }

    /** Forgets a token the push service reports invalid (uninstalled, expired); @return whether it was known. */
    @Transactional
    public boolean remove(String token) {
        return Device.deleteById(token);
    }
}
