package org.dabba.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.ContactChannel;

/**
 * The one-time code a user was sent to prove an address theirs: one per user and channel, kept as a digest, good
 * for the address it went to until it expires, is used or was guessed wrong {@link ContactVerification#MAX_ATTEMPTS}
 * times.
 */
@Entity
@Table(name = "verification_codes")
public class VerificationCode extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Enumerated(EnumType.STRING)
    public ContactChannel channel;

    /** The email or phone the code went to: it proves that address and no other. */
    public String address;

    @Column(name = "code_hash")
    public String codeHash;

    public int attempts;

    @Column(name = "expires_at")
    public Instant expiresAt;

    /** Set when the code proved its address; a used code proves nothing more. */
    @Column(name = "used_at")
    public Instant usedAt;

    @Column(name = "created_at")
    public Instant createdAt;
}
