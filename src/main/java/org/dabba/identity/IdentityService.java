package org.dabba.identity;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.dabba.identity.IdentityApi.LoginRequest;
import org.dabba.identity.IdentityApi.SignupRequest;
import org.dabba.identity.IdentityApi.TokenResponse;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Role;
import org.jboss.logging.Logger;

/** Sign-up, login and the bootstrap admin. */
@ApplicationScoped
public class IdentityService {

    private static final Logger LOG = Logger.getLogger(IdentityService.class);
    static final String DEFAULT_ADMIN_PASSWORD = "dabba-admin";

    @Inject
    IdentityConfig config;

    @Inject
    Passwords passwords;

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
        User user = newUser(request.email(), request.password(), request.name(), request.phone(), request.role());
        try {
            user.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "users_email_key")) {
                throw ProblemException.conflict("email-taken", "An account with this email already exists");
            }
            throw e;
        }
        if (request.role() == Role.COURIER) {
            courierSignedUp.fire(new CourierSignedUp(user.id, request.courier()));
        }
        return user.id;
    }

    /** Same answer for an unknown email and a wrong password, in about the same time. */
    @Transactional
    public TokenResponse login(LoginRequest request) {
        Optional<User> user = User.findByEmail(normalize(request.email()));
        if (user.isEmpty()) {
            passwords.matchNothing(request.password());
        }
        if (user.isEmpty() || !passwords.matches(request.password(), user.get().passwordHash)) {
            throw ProblemException.unauthorized("Unknown email or wrong password");
        }
        return issueToken(user.get());
    }

    /**
     * A user's first name (the first word of the name they signed up with): what someone meeting them, e.g. a
     * courier at the door, needs and no more. Empty for an unknown user.
     */
    @Transactional
    public Optional<String> firstName(UUID userId) {
        return User.<User>findByIdOptional(userId).map(u -> u.name.strip().split("\\s+")[0]);
    }

    TokenResponse issueToken(User user) {
        long lifetime = config.tokenLifetime().toSeconds();
        String token = Jwt.issuer(config.tokenIssuer())
                .subject(user.id.toString())
                .upn(user.email)
                .groups(Set.of(user.role.name()))
                .expiresIn(lifetime)
                .sign();
        return new TokenResponse(token, "Bearer", lifetime);
    }

    @Transactional
    void bootstrapAdmin(@Observes StartupEvent startup) {
        if (!config.allowDefaultAdminPassword() && DEFAULT_ADMIN_PASSWORD.equals(config.adminPassword())) {
            throw new IllegalStateException("Refusing to start: set DABBA_ADMIN_PASSWORD to something other than the "
                    + "default admin password");
        }
        String email = normalize(config.adminEmail());
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
        user.createdAt = Time.now();
        user.updatedAt = user.createdAt;
        return user;
    }

    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
