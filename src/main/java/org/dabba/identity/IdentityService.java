package org.dabba.identity;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.AccountStatus;
import org.dabba.identity.IdentityBodies.AccountView;
import org.dabba.identity.IdentityBodies.CreateAdminRequest;
import org.dabba.identity.IdentityBodies.LoginRequest;
import org.dabba.identity.IdentityBodies.PasswordChangeRequest;
import org.dabba.identity.IdentityBodies.SignupRequest;
import org.dabba.identity.IdentityBodies.TokenResponse;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Revocations;
import org.dabba.platform.security.Role;
import org.jboss.logging.Logger;

/** Sign-up, login, passwords, admins and disabled accounts, and the bootstrap admin. */
@ApplicationScoped
public class IdentityService {

    private static final Logger LOG = Logger.getLogger(IdentityService.class);
    static final String DEFAULT_ADMIN_PASSWORD = "dabba-admin";

    @Inject
    IdentityConfig config;

    @Inject
    Passwords passwords;

    @Inject
    Sessions sessions;

    @Inject
    Revocations revocations;

    @Inject
    Event<CourierSignedUp> courierSignedUp;

    @Transactional
    public UUID signup(SignupRequest request) {
        if (request.role() == Role.ADMIN) {
            throw ProblemException.invalid("role", "must be one of CUSTOMER, RESTAURANT_OWNER, COURIER");
        }
        if ((request.role() == Role.COURIER) != (request.courier() != null)) {
            throw ProblemException.invalid("courier", request.role() == Role.COURIER
                    ? "is required for a courier (vehicle; for a motorised one vehicleRegistration, licenseNumber)"
                    : "is only for couriers");
        }
        UUID id = persistNew(newUser(request.email(), request.password(), request.name(), request.phone(),
                request.role()));
        if (request.role() == Role.COURIER) {
            courierSignedUp.fire(new CourierSignedUp(id, request.courier()));
        }
        return id;
    }

    /** Only an admin makes another admin, and its password must pass the admin rule. */
    @Transactional
    public UUID createAdmin(CreateAdminRequest request) {
        requireAllowed("password", request.password(), Role.ADMIN);
        return persistNew(newUser(request.email(), request.password(), request.name(), request.phone(), Role.ADMIN));
    }

    private UUID persistNew(User user) {
        try {
            user.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "users_email_key")) {
                throw ProblemException.conflict("email-taken", "An account with this email already exists");
            }
            throw e;
        }
        return user.id;
    }

    /**
     * Same answer for an unknown email and a wrong password, in about the same time. That an account is disabled
     * is said only to whoever gave its password.
     */
    @Transactional
    public TokenResponse login(LoginRequest request) {
        Optional<User> user = User.findByEmail(normalize(request.email()));
        if (user.isEmpty()) {
            passwords.matchNothing(request.password());
        }
        if (user.isEmpty() || !passwords.matches(request.password(), user.get().passwordHash)) {
            throw ProblemException.unauthorized("Unknown email or wrong password");
        }
        if (user.get().disabled()) {
            throw accountDisabled();
        }
        return sessions.start(user.get());
    }

    static ProblemException accountDisabled() {
        return ProblemException.of(403, "account-disabled", "Account disabled",
                "This account has been disabled by an administrator");
    }

    /** The caller's email, for rate limiting a password change like a login; 401 for an unknown account. */
    @Transactional
    public String email(Caller caller) {
        return account(caller).email;
    }

    private static User account(Caller caller) {
        return User.<User>findByIdOptional(caller.userId())
                .orElseThrow(() -> ProblemException.unauthorized("A valid bearer token is required"));
    }

    /**
     * Changes the caller's own password, checked against the current one (false when that is wrong), and ends
     * the caller's other sessions: whoever knew the old password is signed out everywhere else.
     */
    @Transactional
    public boolean changePassword(Caller caller, PasswordChangeRequest request) {
        User user = account(caller);
        if (!passwords.matches(request.currentPassword(), user.passwordHash)) {
            return false;
        }
        if (request.newPassword().equals(request.currentPassword())) {
            throw ProblemException.invalid("newPassword", "must differ from the current password");
        }
        requireAllowed("newPassword", request.newPassword(), user.role);
        user.passwordHash = passwords.hash(request.newPassword(), "newPassword");
        user.updatedAt = Time.now();
        List<UUID> others = sessions.endAll(user.id, caller.sessionId(), Sessions.PASSWORD_CHANGED);
        revocations.revokeSessions(user.id, others, Sessions.PASSWORD_CHANGED);
        return true;
    }

    /**
     * Disables or re-enables an account. Disabling ends all its sessions, access tokens and sockets at once, on
     * every instance; an admin cannot disable their own account (the last admin would lock everyone out).
     */
    @Transactional
    public AccountView setStatus(Caller admin, UUID userId, AccountStatus status) {
        User user = User.<User>findByIdOptional(userId).orElseThrow(() -> ProblemException.notFound("User", userId));
        if (status == AccountStatus.DISABLED && !user.disabled()) {
            if (user.id.equals(admin.userId())) {
                throw ProblemException.conflict("own-account", "You cannot disable your own account");
            }
            user.disabledAt = Time.now();
            user.updatedAt = user.disabledAt;
            sessions.endAll(user.id, null, Sessions.DISABLED);
            revocations.revokeUser(user.id, Sessions.DISABLED);
            LOG.infof("Account %s disabled by %s", user.id, admin.userId());
        } else if (status == AccountStatus.ACTIVE && user.disabled()) {
            user.disabledAt = null;
            user.updatedAt = Time.now();
            LOG.infof("Account %s enabled by %s", user.id, admin.userId());
        }
        return view(user);
    }

    private static AccountView view(User user) {
        return new AccountView(user.id, user.email, user.name, user.role,
                user.disabled() ? AccountStatus.DISABLED : AccountStatus.ACTIVE);
    }

    private static void requireAllowed(String field, String password, Role role) {
        PasswordRules.problem(password, role).ifPresent(message -> {
            throw ProblemException.invalid(field, message);
        });
    }

    /**
     * A user's first name (the first word of the name they signed up with): what someone meeting them, e.g. a
     * courier at the door, needs and no more. Empty for an unknown user.
     */
    @Transactional
    public Optional<String> firstName(UUID userId) {
        return User.<User>findByIdOptional(userId).map(u -> u.name.strip().split("\\s+")[0]);
    }

    @Transactional
    void bootstrapAdmin(@Observes StartupEvent startup) {
        if (!config.allowDefaultAdminPassword()) {
            if (config.adminPassword() == null || DEFAULT_ADMIN_PASSWORD.equals(config.adminPassword())) {
                throw new IllegalStateException("Refusing to start: set DABBA_ADMIN_PASSWORD to something other than "
                        + "the default admin password");
            }
            PasswordRules.problem(config.adminPassword(), Role.ADMIN).ifPresent(problem -> {
                throw new IllegalStateException("Refusing to start: DABBA_ADMIN_PASSWORD " + problem + " (at least "
                        + PasswordRules.ADMIN_MIN_LENGTH + " characters, not a common password)");
            });
        }
        String email = normalize(config.adminEmail());
        // Instances started together on an empty database take turns here, so one creates the admin and the
        // others find it, rather than one failing its start-up on the email's unique key.
        User.getEntityManager()
                .createNativeQuery("select count(*) from pg_advisory_xact_lock(hashtext('dabba.bootstrap-admin'))")
                .getSingleResult();
        if (User.findByEmail(email).isEmpty()) {
            newUser(email, config.adminPassword(), "Dabba admin", null, Role.ADMIN).persist();
            LOG.infof("Created the bootstrap admin %s", email);
        }
    }

    private User newUser(String email, String password, String name, String phone, Role role) {
        User user = new User();
        user.id = UUID.randomUUID();
        user.email = normalize(email);
        user.passwordHash = passwords.hash(password);
        user.name = name.strip();
        user.phone = phone;
        user.role = role;
        user.locale = Contacts.DEFAULT_LOCALE;
        user.createdAt = Time.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
