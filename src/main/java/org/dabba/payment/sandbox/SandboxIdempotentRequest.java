package org.dabba.payment.sandbox;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The first answer to a request with an Idempotency-Key, replayed to every later request with that key. */
@Entity
@Table(name = "sandbox_idempotent_requests")
public class SandboxIdempotentRequest extends PanacheEntityBase {

    @Id
    @Column(name = "idempotency_key")
    public String idempotencyKey;

    /** SHA-256 of the method, path and parameters: the same key with other parameters is an error. */
    public String fingerprint;

    public int status;

    public String response;

    @Column(name = "created_at")
    public Instant createdAt;
}
