package org.dabba.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.security.Role;

/** A person who signs in: customer, restaurant owner, courier or admin. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    public UUID id;

    /** Stored lower-cased; unique. */
    public String email;

    @Column(name = "password_hash")
    public String passwordHash;

    public String name;

    public String phone;

    /** The language notifications are written in: {@code en} or {@code hi}. */
    public String locale;

    /** Set when the owner proved the email theirs with a one-time code; cleared when it changes. */
    @Column(name = "email_verified_at")
    public Instant emailVerifiedAt;

    /** Set when the owner proved the phone theirs with a one-time code; cleared when it changes. */
    @Column(name = "phone_verified_at")
    public Instant phoneVerifiedAt;

    @Enumerated(EnumType.STRING)
    public Role role;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** Set while an admin has disabled the account: no login, no refresh, no live token or socket. */
    @Column(name = "disabled_at")
    public Instant disabledAt;

    public boolean disabled() {
        return disabledAt != null;
    }

    public static Optional<User> findByEmail(String email) {
        return find("email", email).firstResultOptional();
    }
}
