package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.ContactChannel;
import org.dabba.identity.IdentityBodies.ProfileView;
import org.dabba.identity.IdentityBodies.VerificationStarted;
import org.dabba.platform.Text;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.limits.RateLimits;
import org.dabba.platform.security.Caller;

/**
 * Proving an email or phone one's own: a six-digit code sent to the address through that very channel, typed back
 * within its time. Emails and SMS go only to proven addresses; the code's own message is the one exception.
 */
@ApplicationScoped
public class ContactVerification {

    /** Wrong codes a pending code survives: the fifth voids it (one chance in 200,000 of guessing it first). */
    static final int MAX_ATTEMPTS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    IdentityConfig config;

    @Inject
    RateLimits limits;

    @Inject
    Event<ContactCodeIssued> codeIssued;

    /**
     * Sends a new code to the caller's address on {@code channel}, replacing a pending one. 409 {@code phone-missing}
     * (SMS without a phone), {@code already-verified}; 429 over the budget of codes.
     */
    public VerificationStarted start(Caller caller, ContactChannel channel) {
        addressToProve(caller.userId(), channel);
        limits.verificationCode(caller.userId(), channel.name());
        return issue(caller.userId(), channel, "%06d".formatted(RANDOM.nextInt(1_000_000)),
                config.verification().codeTtl());
    }

    /** Stores {@code code} (its digest) as the user's pending code on {@code channel} and sends it. */
    @Transactional
    VerificationStarted issue(UUID userId, ContactChannel channel, String code, Duration ttl) {
        String address = addressToProve(account(userId), channel);
        Instant now = Time.now();
        Instant expiresAt = now.plus(ttl);
        VerificationCode.getEntityManager().createNativeQuery("""
                insert into verification_codes (id, user_id, channel, address, code_hash, attempts, expires_at,
                    used_at, created_at)
                values (?1, ?2, ?3, ?4, ?5, 0, ?6, null, ?7)
                on conflict (user_id, channel) do update set id = excluded.id, address = excluded.address,
                    code_hash = excluded.code_hash, attempts = 0, expires_at = excluded.expires_at, used_at = null,
                    created_at = excluded.created_at""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, userId).setParameter(3, channel.name())
                .setParameter(4, address).setParameter(5, digest(userId, channel, code)).setParameter(6, expiresAt)
                .setParameter(7, now).executeUpdate();
        codeIssued.fire(new ContactCodeIssued(userId, channel, address, code, Math.max(1, ttl.toMinutes()),
                expiresAt));
        return new VerificationStarted(channel, mask(channel, address), expiresAt);
    }

    /**
     * The pending code typed back: right and in time, the address is proven and the code used. Wrong: 422
     * {@code verification-code-mismatch} with {@code attemptsLeft} (the attempt counts, whatever is answered);
     * none pending, expired, used up or for an address since changed: 422 {@code verification-code-expired}. The
     * code's row is locked for the check, so two at once are decided one after the other; the used code typed again
     * answers the profile (a double tap), nothing else.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    public ProfileView verify(Caller caller, ContactChannel channel, String code) {
        UUID userId = caller.userId();
        VerificationCode pending = VerificationCode.<VerificationCode>find("userId = ?1 and channel = ?2", userId,
                channel).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElseThrow(
                        ContactVerification::expired);
        User user = account(userId);
        boolean right = MessageDigest.isEqual(digest(userId, channel, code).getBytes(StandardCharsets.US_ASCII),
                pending.codeHash.getBytes(StandardCharsets.US_ASCII));
        boolean sameAddress = pending.address.equals(address(user, channel));
        if (pending.usedAt != null) {
            if (right && sameAddress && verifiedAt(user, channel) != null) {
                return Profiles.view(user);
            }
            throw expired();
        }
        Instant now = Time.now();
        if (pending.attempts >= MAX_ATTEMPTS || !now.isBefore(pending.expiresAt) || !sameAddress) {
            throw expired();
        }
        if (!right) {
            pending.attempts++;
            int left = MAX_ATTEMPTS - pending.attempts;
            throw new ProblemException(new Problem("verification-code-mismatch", "Wrong code", 422,
                    left == 0 ? "That is not the code sent; it is void now, ask for a new one"
                            : "That is not the code sent; " + left + " more " + (left == 1 ? "try" : "tries"),
                    null).with("attemptsLeft", left));
        }
        pending.usedAt = now;
        if (channel == ContactChannel.EMAIL) {
            user.emailVerifiedAt = now;
        } else {
            user.phoneVerifiedAt = now;
        }
        user.updatedAt = now;
        return Profiles.view(user);
    }

    /** A pending phone code dies with the phone it went to. */
    static void voidPhoneCode(UUID userId) {
        VerificationCode.delete("userId = ?1 and channel = ?2", userId, ContactChannel.SMS);
    }

    /** The address a code would prove, or the 409 saying why none is sent; read before the budget is spent. */
    @Transactional
    String addressToProve(UUID userId, ContactChannel channel) {
        return addressToProve(account(userId), channel);
    }

    private static String addressToProve(User user, ContactChannel channel) {
        String address = address(user, channel);
        if (address == null) {
            throw ProblemException.conflict("phone-missing", "Add a phone to your profile before verifying it");
        }
        if (verifiedAt(user, channel) != null) {
            throw ProblemException.conflict("already-verified", "Your " + (channel == ContactChannel.EMAIL
                    ? "email" : "phone") + " is verified already");
        }
        return address;
    }

    private static String address(User user, ContactChannel channel) {
        return channel == ContactChannel.EMAIL ? user.email : user.phone;
    }

    private static Instant verifiedAt(User user, ContactChannel channel) {
        return channel == ContactChannel.EMAIL ? user.emailVerifiedAt : user.phoneVerifiedAt;
    }

    static User account(UUID userId) {
        return User.<User>findByIdOptional(userId)
                .orElseThrow(() -> ProblemException.unauthorized("A valid bearer token is required"));
    }

    /** The code's digest, salted with whose and which it is, so equal codes of two users differ. */
    private static String digest(UUID userId, ContactChannel channel, String code) {
        return Text.digest("SHA-256", userId + ":" + channel + ":" + code);
    }

    private static ProblemException expired() {
        return ProblemException.of(422, "verification-code-expired", "No code pending",
                "There is no pending code (none was sent, it expired, was used or had too many wrong tries): "
                        + "ask for a new one");
    }

    /** Enough of the address to recognise it, not enough to learn it: a•••@example.com, +91•••••••678. */
    static String mask(ContactChannel channel, String address) {
        if (channel == ContactChannel.EMAIL) {
            int at = address.lastIndexOf('@');
            return address.charAt(0) + "•••" + address.substring(at);
        }
        return address.substring(0, 3) + "•".repeat(Math.max(0, address.length() - 6))
                + address.substring(address.length() - 3);
    }
}
