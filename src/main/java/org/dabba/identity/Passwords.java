package org.dabba.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.dabba.platform.error.ProblemException;

/**
 * bcrypt hashing; verification against a dummy hash keeps unknown emails as slow as wrong passwords. bcrypt reads at
 * most {@link #MAX_BYTES} bytes: a longer password is refused at sign-up (silently cutting it would make its tail
 * meaningless), so one at login cannot be anyone's and is simply wrong.
 */
@ApplicationScoped
public class Passwords {

    /** bcrypt's own limit, in UTF-8 bytes: 72 ASCII characters, 36 such as é, 18 such as 🍛. */
    public static final int MAX_BYTES = 72;

    @Inject
    IdentityConfig config;

    private volatile String dummyHash;

    /** 400 naming {@code password} when bcrypt cannot read all of it. */
    public String hash(String password) {
        return hash(password, "password");
    }

    /** 400 naming {@code field} when bcrypt cannot read all of it. */
    public String hash(String password, String field) {
        if (tooLong(password)) {
            throw ProblemException.invalid(field, "must be at most " + MAX_BYTES + " bytes in UTF-8 (72 plain "
                    + "letters or digits, fewer accented or non-Latin characters)");
        }
        return BCrypt.withDefaults().hashToString(config.bcryptCost(), password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        if (tooLong(password)) {
            // Nobody signed up with it; burn the time of a real check on a password bcrypt can read.
            matchNothing("x");
            return false;
        }
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Burns the same time as a real check, for a login whose email is unknown. */
    public void matchNothing(String password) {
        if (dummyHash == null) {
            dummyHash = hash("not-a-password-of-anyone");
        }
        matches(tooLong(password) ? "x" : password, dummyHash);
    }

    private static boolean tooLong(String password) {
        return password.length() > MAX_BYTES
                || password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
    }
}
