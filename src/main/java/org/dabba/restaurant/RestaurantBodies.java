package org.dabba.restaurant;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;

/** The request and response bodies of /restaurants and /admin/restaurants (as openapi.yaml describes them). */
public final class RestaurantBodies {

    private RestaurantBodies() {
    }

    public record Address(
            @NotBlank @Size(max = 200) String street,
            @NotBlank @Size(max = 100) String city,
            @NotBlank @Size(max = 20) String zipCode,
            @NotNull @DecimalMin("-90") @DecimalMax("90") BigDecimal latitude,
            @NotNull @DecimalMin("-180") @DecimalMax("180") BigDecimal longitude) {
    }

    public record Contact(
            @NotBlank @Email @Size(max = 254) String email,
            @NotBlank @Pattern(regexp = "\\+[1-9][0-9]{6,14}", message = "must be in E.164 form, e.g. +919876543210")
            String phone) {
    }

    /** {@code logoUrl} carries the logo itself, base64 or a data: URI, so a registration is one request. */
    public record RegisterRestaurantRequest(
            @NotBlank @Size(max = 120) String name,
            String logoUrl,
            @Size(max = 2000) String description,
            @NotNull @Valid Address address,
            @NotNull @Valid Contact contact,
            @NotBlank @Size(max = 64) String licenseNumber,
            @Size(max = 20) String gst) {
    }

    /** Every field optional; name, licenseNumber and gst may be sent only unchanged. */
    public record UpdateRestaurantRequest(
            String name,
            String logoUrl,
            @Size(max = 2000) String description,
            @Valid Address address,
            @Valid Contact contact,
            String licenseNumber,
            String gst,
            @Min(1) @Max(240) Integer prepTimeMinutes,
            @DecimalMin(value = "0", inclusive = false) @DecimalMax("50")
            @Digits(integer = 2, fraction = 2, message = "must have at most 2 decimals") BigDecimal deliveryRadiusKm) {
    }

    public record OperationalStatusRequest(@NotNull OperationalStatus status) {
    }

    public enum Decision { APPROVE, REJECT }

    public record VerificationRequest(@NotNull Decision decision, @Size(max = 1000) String reason) {
    }

    public record ReasonRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    public record Created(UUID id) {
    }

    /**
     * A restaurant as shown to a caller. The public sees no licence, GST, owner or internal reason; the owner
     * and admins see everything. No {@code deliveryRadiusKm}: it delivers within the platform's default radius.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RestaurantView(UUID id, String name, String logoUrl, String description, Status status,
            OperationalStatus operationalStatus, Address address, Contact contact, BigDecimal rating,
            int ratingCount, BigDecimal popularityScore, int prepTimeMinutes, BigDecimal deliveryRadiusKm,
            String licenseNumber, String gst, UUID ownerId, String statusReason, Long version, Instant createdAt,
            Instant updatedAt, boolean openNow, Instant opensAt, Integer prepEstimateMinutes) {

        /** The preparation time delivery estimates use: measured once there are enough pickups, else declared. */
        public int expectedPrepMinutes() {
            return prepEstimateMinutes != null ? prepEstimateMinutes : prepTimeMinutes;
        }

        /** As of now: {@code openNow} and {@code opensAt} are computed from the hours at this moment. */
        static RestaurantView of(Restaurant r, boolean privileged) {
            return of(r, privileged, org.dabba.platform.Time.now());
        }

        static RestaurantView of(Restaurant r, boolean privileged, Instant now) {
            Address address = new Address(r.addressStreet, r.addressCity, r.addressZipCode, r.latitude, r.longitude);
            Contact contact = new Contact(r.contactEmail, r.contactPhone);
            Availability a = Availability.of(r.status, r.operationalStatus, HoursRules.parse(r.openingHours), now);
            return new RestaurantView(r.id, r.name, r.logoUrl, r.description, r.status, r.operationalStatus, address,
                    contact, r.rating, r.ratingCount, r.popularityScore, r.prepTimeMinutes, r.deliveryRadiusKm,
                    privileged ? r.licenseNumber : null, privileged ? r.gst : null, privileged ? r.ownerId : null,
                    privileged ? r.statusReason : null, privileged ? r.version : null, r.createdAt, r.updatedAt,
                    a.openNow(), a.opensAt(), r.prepEstimateMinutes);
        }
    }

    /**
     * Whether a restaurant takes orders at a moment: ACTIVE, within its hours and ONLINE. {@code opensAt} is its
     * next opening by its hours when it is outside them (null within them, without a schedule, when nothing opens
     * within {@link OpeningHours#HORIZON_DAYS} days, or when not ACTIVE); the owner's switch may still keep it
     * closed then.
     */
    public record Availability(boolean openNow, boolean withinHours, Instant opensAt) {

        static Availability of(Status status, OperationalStatus switched, OpeningHours hours, Instant now) {
            boolean within = hours.isOpen(now);
            boolean active = status == Status.ACTIVE;
            return new Availability(active && within && switched == OperationalStatus.ONLINE, within,
                    active && !within ? hours.opensAt(now) : null);
        }
    }

    /** One opening of a day, {@code HH:mm} in the restaurant's time zone; closes ≤ opens ends the next day. */
    public record TimeRange(String opens, String closes) {
    }

    /** A date whose hours replace its weekly ones: {@code closed: true}, or its own {@code ranges}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DateHours(String date, Boolean closed, List<TimeRange> ranges) {
    }

    /**
     * A weekly schedule, as {@code PUT /restaurants/{id}/hours} takes it and as it is stored: an IANA
     * {@code timeZone}, the ranges of each day ({@code MONDAY}…{@code SUNDAY}; a day left out or empty is
     * closed), and {@code exceptions} for dates. Checked by {@link HoursRules#validate}, not bean validation, so
     * that every problem names its field.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Hours(String timeZone, Map<String, List<TimeRange>> weekly, List<DateHours> exceptions) {
    }

    /**
     * {@code GET /restaurants/{id}/hours}: the schedule ({@code scheduled: false} and no schedule fields when none is
     * set: open whenever ONLINE), exceptions from today on, and where that leaves the restaurant now.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HoursView(UUID restaurantId, boolean scheduled, String timeZone,
            Map<String, List<TimeRange>> weekly, List<DateHours> exceptions, boolean openNow, boolean withinHours,
            Instant opensAt, Instant nextChangeAt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
