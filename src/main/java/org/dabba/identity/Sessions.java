package org.dabba.identity;

import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.TokenResponse;
import org.dabba.platform.Text;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Revocations;
import org.jboss.logging.Logger;

/**
 * Sessions: a login starts one, with a short access token (its id in the {@code sid} claim) and a refresh token.
 * A refresh token is good once: refreshing spends it and hands out the next pair. A spent one presented again means
 * two parties hold the session's tokens (one stole them), so the whole session ends, for both.
 */
@ApplicationScoped
public class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** 256 random bits. */
    private static final int REFRESH_TOKEN_BYTES = 32;

    static final String LOGOUT = "session-ended";
    static final String REUSED = "refresh-token-reused";
    static final String PASSWORD_CHANGED = "password-changed";
    static final String DISABLED = "account-disabled";

    @Inject
    IdentityConfig config;

    @Inject
    Revocations revocations;

    /** A new session for a user who just proved who they are; in the caller's transaction. */
    TokenResponse start(User user) {
        Instant now = Time.now();
        Session session = new Session();
        session.id = UUID.randomUUID();
        session.userId = user.id;
        session.createdAt = now;
        session.expiresAt = now.plus(config.refreshLifetime());
        session.persist();
        return issue(user, session, now);
    }

    /** The next pair for a refresh token; 401 when it is unknown, spent or its session over, 403 when disabled. */
    @Transactional(dontRollbackOn = ProblemException.class)
    public TokenResponse refresh(String presented) {
        // Locked, so that two refreshes with one token cannot both succeed: the second sees it spent.
        RefreshToken token = RefreshToken.findById(hash(presented), LockModeType.PESSIMISTIC_WRITE);
        if (token == null) {
            throw ended("This refresh token is not known; log in again");
        }
        Session session = Session.findById(token.sessionId, LockModeType.PESSIMISTIC_WRITE);
        User user = User.findById(session.userId);
        if (user.disabled()) {
            throw IdentityService.accountDisabled();
        }
        Instant now = Time.now();
        if (!session.live(now)) {
            throw ended("This session has ended; log in again");
        }
        if (token.usedAt != null) {
            LOG.warnf("A spent refresh token of session %s was presented again: ending the session of user %s",
                    session.id, user.id);
            session.revoke(REUSED, now);
            revocations.revokeSessions(user.id, List.of(session.id), REUSED);
            throw ended("This refresh token was already used, so the session has been ended; log in again");
        }
        token.usedAt = now;
        return issue(user, session, now);
    }

    /**
     * Ends the caller's session (the one its access token belongs to) and, if given, the session of
     * {@code refreshToken} when that is the caller's too (a refresh token of someone else's is ignored).
     */
    @Transactional
    public void logout(Caller caller, String refreshToken) {
        List<UUID> ending = new ArrayList<>();
        if (caller.sessionId() != null) {
            ending.add(caller.sessionId());
        }
        if (refreshToken != null && !refreshToken.isBlank()) {
            RefreshToken token = RefreshToken.findById(hash(refreshToken));
            if (token != null && !ending.contains(token.sessionId)) {
                ending.add(token.sessionId);
            }
        }
        Instant now = Time.now();
        List<UUID> ended = new ArrayList<>();
        for (UUID id : ending) {
            Session session = Session.findById(id, LockModeType.PESSIMISTIC_WRITE);
            if (session != null && session.userId.equals(caller.userId())) {
                session.revoke(LOGOUT, now);
                ended.add(id);
            }
        }
        revocations.revokeSessions(caller.userId(), ended, LOGOUT);
    }

    /** Ends the user's live sessions but {@code keep} (may be null) in PostgreSQL; returns their ids. */
    List<UUID> endAll(UUID userId, UUID keep, String reason) {
        Instant now = Time.now();
        List<Session> ending = Session.<Session>list("userId = ?1 and revokedAt is null", userId).stream()
                .filter(session -> !session.id.equals(keep)).toList();
        ending.forEach(session -> session.revoke(reason, now));
        return ending.stream().map(session -> session.id).toList();
    }

    private TokenResponse issue(User user, Session session, Instant now) {
        byte[] random = new byte[REFRESH_TOKEN_BYTES];
        RANDOM.nextBytes(random);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        RefreshToken token = new RefreshToken();
        token.tokenHash = hash(refresh);
        token.sessionId = session.id;
        token.issuedAt = now;
        token.persist();

        long lifetime = config.tokenLifetime().toSeconds();
        String access = Jwt.issuer(config.tokenIssuer())
                .subject(user.id.toString())
                .upn(user.email)
                .groups(Set.of(user.role.name()))
                .claim(Revocations.SESSION_CLAIM, session.id.toString())
                .issuedAt(now.getEpochSecond())
                .expiresIn(lifetime)
                .sign();
        long refreshIn = Math.max(0, Duration.between(now, session.expiresAt).toSeconds());
        return new TokenResponse(access, "Bearer", lifetime, refresh, refreshIn);
    }

    private static ProblemException ended(String detail) {
        return ProblemException.of(401, "session-ended", "Unauthorized", detail);
    }

    static String hash(String token) {
        return Text.digest("SHA-256", token);
    }
}
