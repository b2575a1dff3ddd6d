package org.dabba.delivery;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.Vehicle;
import org.dabba.platform.error.ProblemException;

/**
 * A courier's profile (the id is their user id) and its verification: only an APPROVED courier goes AVAILABLE,
 * is offered orders or is given one. Every move goes through a method here that refuses illegal ones.
 *
 * <pre>
 * PENDING --approve--> APPROVED --suspend--> SUSPENDED --reinstate--> APPROVED
 * PENDING --reject---> REJECTED
 * </pre>
 */
@Entity
@Table(name = "couriers")
public class Courier extends PanacheEntityBase {

    public enum Verification { PENDING, APPROVED, REJECTED, SUSPENDED }

    @Id
    public UUID id;

    @Enumerated(EnumType.STRING)
    public Verification status;

    @Enumerated(EnumType.STRING)
    public Vehicle vehicle;

    @Column(name = "vehicle_registration")
    public String vehicleRegistration;

    @Column(name = "license_number")
    public String licenseNumber;

    /** Why it was rejected or suspended; null otherwise. */
    @Column(name = "status_reason")
    public String statusReason;

    /** The admin who made the last decision. */
    @Column(name = "decided_by")
    public UUID decidedBy;

    @Column(name = "decided_at")
    public Instant decidedAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    public boolean isApproved() {
        return status == Verification.APPROVED;
    }

    void approve() {
        move(Verification.PENDING, "decided", Verification.APPROVED, null);
    }

    void reject(String reason) {
        move(Verification.PENDING, "decided", Verification.REJECTED, reason);
    }

    void suspend(String reason) {
        move(Verification.APPROVED, "suspended", Verification.SUSPENDED, reason);
    }

    void reinstate() {
        move(Verification.SUSPENDED, "reinstated", Verification.APPROVED, null);
    }

    private void move(Verification required, String action, Verification to, String reason) {
        if (status != required) {
            throw ProblemException.conflict("illegal-transition",
                    "Only a " + required + " courier can be " + action + "; this one is " + status);
        }
        status = to;
        statusReason = reason;
    }
}
