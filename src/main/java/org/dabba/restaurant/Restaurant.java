package org.dabba.restaurant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A restaurant and its two state machines: verification ({@link Status}) and whether it takes orders
 * now ({@link OperationalStatus}). Every move goes through a method here that refuses illegal ones.
 *
 * <pre>
 * PENDING_VERIFICATION --approve--> ACTIVE --deactivate--> INACTIVE --reactivate--> ACTIVE
 * PENDING_VERIFICATION --reject---> REJECTED
 * ACTIVE: OFFLINE <--> ONLINE (the owner's switch); leaving ACTIVE forces OFFLINE
 * </pre>
 */
@Entity
@Table(name = "restaurants")
public class Restaurant extends PanacheEntityBase {

    public enum Status { PENDING_VERIFICATION, ACTIVE, REJECTED, INACTIVE }

    public enum OperationalStatus { ONLINE, OFFLINE }

    @Id
    public UUID id;

    @Column(name = "owner_id")
    public UUID ownerId;

    public String name;

    @Column(name = "logo_url")
    public String logoUrl;

    public String description;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Enumerated(EnumType.STRING)
    @Column(name = "operational_status")
    public OperationalStatus operationalStatus;

    /** Why it was rejected or deactivated; null otherwise. */
    @Column(name = "status_reason")
    public String statusReason;

    @Column(name = "address_street")
    public String addressStreet;

    @Column(name = "address_city")
    public String addressCity;

    @Column(name = "address_zip_code")
    public String addressZipCode;

    public BigDecimal latitude;

    public BigDecimal longitude;

    @Column(name = "contact_email")
    public String contactEmail;

    @Column(name = "contact_phone")
    public String contactPhone;

    @Column(name = "license_number")
    public String licenseNumber;

    public String gst;

    /** Average stars, 0 until rated. */
    public BigDecimal rating = BigDecimal.ZERO;

    @Column(name = "rating_count")
    public int ratingCount;

    /** From recent delivered orders; 0 until there are some. */
    @Column(name = "popularity_score")
    public BigDecimal popularityScore = BigDecimal.ZERO;

    /** Typical minutes from order to ready, for delivery estimates. */
    @Column(name = "prep_time_minutes")
    public int prepTimeMinutes = 20;

    /**
     * The median of its latest accepted-to-picked-up intervals ({@code RestaurantService#updatePrepEstimate});
     * null while there are too few, and then {@link #prepTimeMinutes} stands.
     */
    @Column(name = "prep_estimate_minutes")
    public Integer prepEstimateMinutes;

    /** How far it delivers, in km; null: the platform's default radius (a checkout setting). */
    @Column(name = "delivery_radius_km")
    public BigDecimal deliveryRadiusKm;

    /**
     * Its weekly hours (JSON of {@link RestaurantBodies.Hours}, stored form); null: no schedule, open whenever ONLINE.
     * Outside them it is closed whatever its switch.
     */
    @Column(name = "opening_hours")
    @JdbcTypeCode(SqlTypes.JSON)
    public String openingHours;

    /** When its hours next open or close, for the job that republishes it then; null without a schedule. */
    @Column(name = "hours_boundary_at")
    public Instant hoursBoundaryAt;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Version
    public long version;

    static Restaurant require(UUID id) {
        return Restaurant.<Restaurant>findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    static ProblemException notFound(UUID id) {
        return ProblemException.notFound("Restaurant", id);
    }

    /** Whether {@code caller} (null: the public) sees it in full: an admin or its owner. */
    boolean isPrivilegedFor(Caller caller) {
        return caller != null && (caller.isAdmin() || ownerId.equals(caller.userId()));
    }

    /** The restaurant if {@code caller} may see it: the public sees ACTIVE ones only, others are 404. */
    static Restaurant visibleTo(UUID id, Caller caller) {
        Restaurant r = require(id);
        if (!r.isPublic() && !r.isPrivilegedFor(caller)) {
            throw notFound(id);
        }
        return r;
    }

    /**
     * The restaurant if {@code caller} owns it. Another owner gets 403 for a restaurant the public can see
     * anyway, and 404 for one whose existence must not leak.
     */
    static Restaurant ownedBy(UUID id, Caller caller) {
        Restaurant r = require(id);
        if (!r.ownerId.equals(caller.userId())) {
            if (r.isPublic() || caller.role() == Role.ADMIN) {
                throw ProblemException.forbidden("Only the restaurant's owner may change it");
            }
            throw notFound(id);
        }
        return r;
    }

    void locate(RestaurantBodies.Address a) {
        addressStreet = a.street().strip();
        addressCity = a.city().strip();
        addressZipCode = a.zipCode().strip();
        latitude = a.latitude().setScale(7, RoundingMode.HALF_EVEN);
        longitude = a.longitude().setScale(7, RoundingMode.HALF_EVEN);
    }

    void reachAt(RestaurantBodies.Contact c) {
        contactEmail = c.email().strip();
        contactPhone = c.phone();
    }

    public boolean isPublic() {
        return status == Status.ACTIVE;
    }

    void approve() {
        move(Status.PENDING_VERIFICATION, "decided", Status.ACTIVE, null);
    }

    void reject(String reason) {
        move(Status.PENDING_VERIFICATION, "decided", Status.REJECTED, reason);
    }

    void deactivate(String reason) {
        move(Status.ACTIVE, "deactivated", Status.INACTIVE, reason);
        operationalStatus = OperationalStatus.OFFLINE;
    }

    void reactivate() {
        move(Status.INACTIVE, "reactivated", Status.ACTIVE, null);
    }

    void switchTo(OperationalStatus target) {
        if (status != Status.ACTIVE) {
            throw ProblemException.conflict("restaurant-not-active",
                    "Only an ACTIVE restaurant can go " + target + "; this one is " + status);
        }
        operationalStatus = target;
    }

    /** A verification move: only from {@code from}; {@code reason} is the admin's, or null. */
    private void move(Status from, String action, Status to, String reason) {
        if (status != from) {
            throw ProblemException.conflict("illegal-transition",
                    "Only a " + from + " restaurant can be " + action + "; this one is " + status);
        }
        status = to;
        statusReason = reason;
    }
}
