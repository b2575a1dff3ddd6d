package org.dabba.identity;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.security.Role;

/** How a person may be written to: what other features (notifications) read of an account. */
@ApplicationScoped
public class Contacts {

    /** The locales notifications are written in; a user's is one of them. */
    public static final String DEFAULT_LOCALE = "en";

    /**
     * A person's contact details.
     *
     * @param email the account's email; {@code emailVerified} when its owner proved it theirs
     * @param phone E.164, or null; {@code phoneVerified} when its owner proved it theirs
     * @param locale {@code en} or {@code hi}
     */
    public record Contact(UUID userId, Role role, String name, String locale, String email, boolean emailVerified,
            String phone, boolean phoneVerified, boolean disabled) {

        /** The email to send to, if proven. */
        public Optional<String> verifiedEmail() {
            return emailVerified ? Optional.ofNullable(email) : Optional.empty();
        }

        /** The phone to send to, if proven. */
        public Optional<String> verifiedPhone() {
            return phoneVerified ? Optional.ofNullable(phone) : Optional.empty();
        }
    }

    @Transactional
    public Optional<Contact> of(UUID userId) {
        return User.<User>findByIdOptional(userId).map(u -> new Contact(u.id, u.role, u.name,
                u.locale, u.email, u.emailVerifiedAt != null, u.phone,
                u.phoneVerifiedAt != null, u.disabled()));
    }
}
