package org.dabba.identity;

import at.favre.lib.crypto.bcrypt.BCrypt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;

/** bcrypt hashing; verification against a dummy hash keeps unknown emails as slow as wrong passwords. */
@ApplicationScoped
public class Passwords {

    @Inject
    IdentityConfig config;

    private volatile String dummyHash;

    public String hash(String password) {
        return BCrypt.withDefaults().hashToString(config.bcryptCost(), password.toCharArray());
    }

    public boolean matches(String password, String hash) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
                hash.getBytes(StandardCharsets.UTF_8)).verified;
    }

    /** Burns the same time as a real check, for a login whose email is unknown. */
    public void matchNothing(String password) {
        if (dummyHash == null) {
            dummyHash = hash("not-a-password-of-anyone");
        }
        matches(password, dummyHash);
    }
}
