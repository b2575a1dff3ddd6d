package org.dabba.platform.security;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.value.SetArgs;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.dabba.platform.RedisChannels;
import org.jboss.logging.Logger;

/**
 * Sessions and accounts whose access tokens must stop working before they expire (logout, a stolen refresh token,
 * a password change, a disabled account), in Redis for every instance, for as long as an access token can live.
 * Each request makes one MGET of two keys; each revocation is broadcast so every instance closes the sockets it
 * covers ({@link SessionsEnded}).
 *
 * <p>Redis away: requests pass unchecked (fail open), so a revoked token works until it expires, one access-token
 * lifetime at most. Logins and refreshes read PostgreSQL, so no new token goes to a revoked session or account.
 */
@ApplicationScoped
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);

    /** The session id claim of access tokens: which login (refresh-token family) a token belongs to. */
    public static final String SESSION_CLAIM = "sid";

    static final String CHANNEL = "dabba:revocations";
    private static final String SESSION_KEY = "dabba:revoked:session:";
    private static final String USER_KEY = "dabba:revoked:user:";
    private static final String ALL_SESSIONS = "*";
    private static final long WARN_EVERY_MS = 60_000;

    /** Sessions that ended: the sockets they opened must close. {@code sessionId} null means all of the user's. */
    public record SessionsEnded(UUID userId, UUID sessionId, String reason) {
    }

    @Inject
    ReactiveRedisDataSource redis;

    @Inject
    Event<SessionsEnded> ended;

    @Inject
    RedisChannels channels;

    @ConfigProperty(name = "dabba.identity.token-lifetime")
    Duration tokenLifetime;

    @ConfigProperty(name = "dabba.identity.revocation-timeout")
    Duration timeout;

    /** After a failed check, Redis is not asked for this long: an outage costs one wait, not one per request. */
    private static final long SKIP_AFTER_FAILURE_MS = 5_000;

    private final AtomicLong lastWarning = new AtomicLong();
    private volatile long skipUntil;

    /** Whether the token behind {@code identity} still stands: false when its session or its account was revoked. */
    public Uni<Boolean> admits(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken jwt)
                || jwt.getSubject() == null) {
            return Uni.createFrom().item(true);
        }
        String sid = sessionClaim(jwt);
        String sessionKey = SESSION_KEY + (sid == null ? "none" : sid);
        String userKey = USER_KEY + jwt.getSubject();
        long issuedAt = jwt.getIssuedAtTime();
        if (System.currentTimeMillis() < skipUntil) {
            return Uni.createFrom().item(true);
        }
        return redis.value(String.class).mget(sessionKey, userKey)
                .ifNoItem().after(timeout).fail()
                .map(found -> admits(found, sid != null, sessionKey, userKey, issuedAt))
                .onFailure().recoverWithItem(failure -> {
                    skipUntil = System.currentTimeMillis() + SKIP_AFTER_FAILURE_MS;
                    warn("Cannot check revoked sessions in Redis (%s): tokens pass unchecked", failure);
                    return true;
                });
    }

    /** The token's session id as text; null when it has none (tokens issued before sessions existed). */
    static String sessionClaim(JsonWebToken jwt) {
        Object sid = jwt.getClaim(SESSION_CLAIM);
        if (sid instanceof JsonString text) {
            return text.getString();
        }
        return sid == null ? null : sid.toString();
    }

    private static boolean admits(Map<String, String> found, boolean hasSession, String sessionKey, String userKey,
            long issuedAt) {
        if (hasSession && found.get(sessionKey) != null) {
            return false;
        }
        String cutoff = found.get(userKey);
        // Tokens issued up to the second the account was disabled or its password changed are covered.
        return cutoff == null || issuedAt > Long.parseLong(cutoff);
    }

    /** Ends {@code sessionIds} of {@code userId}: their access tokens stop working and their sockets close. */
    public void revokeSessions(UUID userId, Collection<UUID> sessionIds, String reason) {
        for (UUID sid : sessionIds) {
            ended.fire(new SessionsEnded(userId, sid, reason));
            await(redis.value(String.class).set(SESSION_KEY + sid, reason, new SetArgs().px(ttl())));
            publish(userId + " " + sid + " " + reason);
        }
    }

    /** Ends every access token issued to {@code userId} until now, and closes all its sockets. */
    public void revokeUser(UUID userId, String reason) {
        long now = System.currentTimeMillis() / 1000;
        ended.fire(new SessionsEnded(userId, null, reason));
        await(redis.value(String.class).set(USER_KEY + userId, Long.toString(now), new SetArgs().px(ttl())));
        publish(userId + " " + ALL_SESSIONS + " " + reason);
    }

    private Duration ttl() {
        // A little over the token lifetime, for clocks between instances that disagree a bit.
        return tokenLifetime.plusMinutes(1);
    }

    private void publish(String message) {
        await(redis.pubsub(String.class).publish(CHANNEL, message).replaceWithVoid());
    }

    /** Revocations are written through to Redis; when it is away they hold in PostgreSQL only (logged). */
    private void await(Uni<?> write) {
        try {
            write.await().atMost(timeout.multipliedBy(4));
        } catch (RuntimeException e) {
            warn("Cannot record a revocation in Redis (%s): its tokens work until they expire", e);
        }
    }

    private void warn(String format, Throwable failure) {
        long now = System.currentTimeMillis();
        long last = lastWarning.get();
        if (now - last > WARN_EVERY_MS && lastWarning.compareAndSet(last, now)) {
            LOG.warnf(format, failure.toString());
        } else {
            LOG.debugf(format, failure.toString());
        }
    }

    void listen(@Observes StartupEvent start) {
        channels.listen(CHANNEL, this::deliver);
    }

    private void deliver(String message) {
        String[] parts = message.split(" ", 3);
        try {
            UUID userId = UUID.fromString(parts[0]);
            UUID sessionId = ALL_SESSIONS.equals(parts[1]) ? null : UUID.fromString(parts[1]);
            ended.fire(new SessionsEnded(userId, sessionId, parts.length > 2 ? parts[2] : "session-ended"));
        } catch (RuntimeException e) {
            LOG.debugf("Revocations: unreadable message %s (%s)", message, e);
        }
    }
}
