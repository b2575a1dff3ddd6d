package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.ProfileUpdate;
import org.dabba.identity.IdentityBodies.ProfileView;
import org.dabba.platform.Time;
import org.dabba.platform.security.Caller;

/** A person's own profile ({@code /me}): name, phone, locale, and which addresses they proved theirs. */
@ApplicationScoped
public class Profiles {

    @Transactional
    public ProfileView of(UUID userId) {
        return view(ContactVerification.account(userId));
    }

    /**
     * Changes what was sent. A new phone (or none) is unproven: its verification is cleared and a code pending for
     * the old one voided (first, so that a verification at the same moment either finished before or finds no code).
     */
    @Transactional
    public ProfileView update(Caller caller, ProfileUpdate update) {
        User user = ContactVerification.account(caller.userId());
        Instant now = Time.now();
        if (update.phoneSent() && !Objects.equals(update.getPhone(), user.phone)) {
            ContactVerification.voidPhoneCode(user.id);
            user.phone = update.getPhone();
            user.phoneVerifiedAt = null;
        }
        if (update.getName() != null) {
            user.name = update.getName().strip();
        }
        if (update.getLocale() != null) {
            user.locale = update.getLocale();
        }
        user.updatedAt = now;
        return view(user);
    }

    static ProfileView view(User u) {
        return new ProfileView(u.id, u.email, u.name, u.phone, u.role,
                u.locale, u.emailVerifiedAt != null,
                u.phoneVerifiedAt != null);
    }
}
