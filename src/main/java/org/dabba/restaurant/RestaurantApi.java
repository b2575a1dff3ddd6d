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
import java.util.UUID;
import org.dabba.restaurant.Restaurant.OperationalStatus;
import org.dabba.restaurant.Restaurant.Status;

/** The request and response bodies of /restaurants and /admin/restaurants (the seed's shapes). */
public final class RestaurantApi {

    private RestaurantApi() {
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

    /** {@code logoUrl} carries the logo itself, base64 or a data: URI, as the seed's body does. */
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
            Instant updatedAt, Integer prepEstimateMinutes) {

        /** The preparation time delivery estimates use: measured once there are enough pickups, else declared. */
        public int expectedPrepMinutes() {
            return prepEstimateMinutes != null ? prepEstimateMinutes : prepTimeMinutes;
        }

        static RestaurantView of(Restaurant r, boolean privileged) {
            Address address = new Address(r.addressStreet, r.addressCity, r.addressZipCode, r.latitude, r.longitude);
            Contact contact = new Contact(r.contactEmail, r.contactPhone);
            return privileged
                    ? new RestaurantView(r.id, r.name, r.logoUrl, r.description, r.status, r.operationalStatus, address,
                            contact, r.rating, r.ratingCount, r.popularityScore, r.prepTimeMinutes, r.deliveryRadiusKm,
                            r.licenseNumber, r.gst, r.ownerId, r.statusReason, r.version, r.createdAt, r.updatedAt,
                            r.prepEstimateMinutes)
                    : new RestaurantView(r.id, r.name, r.logoUrl, r.description, r.status, r.operationalStatus, address,
                            contact, r.rating, r.ratingCount, r.popularityScore, r.prepTimeMinutes, r.deliveryRadiusKm,
                            null, null, null, null, null, r.createdAt, r.updatedAt, r.prepEstimateMinutes);
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }
}
