package org.dabba.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One login: the family of refresh tokens it hands out one after another, and the {@code sid} of every access token
 * they give. It ends at {@code expiresAt} (fixed at login: refreshing does not extend it) or when revoked.
 */
@Entity
@Table(name = "sessions")
public class Session extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "user_id")
    public UUID userId;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /**
     * Why it ended: {@code session-ended} (logout), {@code refresh-token-reused}, {@code password-changed} or
     * {@code account-disabled}.
     */
    @Column(name = "revoked_reason")
    public String revokedReason;

    boolean live(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }

    void revoke(String reason, Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
            revokedReason = reason;
        }
    }
}
