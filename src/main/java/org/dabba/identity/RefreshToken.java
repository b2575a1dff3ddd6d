package org.dabba.identity;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One refresh token of a {@link Session}, known only by its SHA-256; good for one refresh. */
@Entity
@Table(name = "refresh_tokens")
public class RefreshToken extends PanacheEntityBase {

    /** Hex SHA-256 of the token: the token itself is random enough that a salt or a slow hash adds nothing. */
    @Id
    @Column(name = "token_hash")
    public String tokenHash;

    @Column(name = "session_id")
    public UUID sessionId;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "used_at")
    public Instant usedAt;
}
