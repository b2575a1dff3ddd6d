package org.dabba.delivery;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.identity.IdentityBodies.Vehicle;

/** What couriers and customers send and get about deliveries (REST bodies and socket messages). */
public final class DeliveryBodies {

    private DeliveryBodies() {
    }

    /** {@code PUT /couriers/me/availability}: AVAILABLE or OFFLINE (BUSY is the system's). */
    public record AvailabilityRequest(@NotNull CourierStatus status) {
    }

    public record CourierView(UUID courierId, CourierStatus status) {
    }

    /** A position, from the socket ({@code type: location}) or {@code POST /couriers/me/location}. */
    public record LocationUpdate(String type, Double lat, @JsonProperty("long") Double lon, Double heading,
            Double speed, String ts, UUID orderId) {
    }

    /** {@code GET /orders/{orderId}/location}. */
    /**
     * The customer's view of their delivery; {@code deliveryCode} is what they tell the courier at the door (while
     * OUT_FOR_DELIVERY, when delivery codes are on).
     */
    public record TrackingView(UUID courierId, double lat, @JsonProperty("long") double lon, Instant updatedAt,
            Integer etaMinutes, String deliveryCode) {
    }

    /** {@code POST /deliveries/{orderId}/deliver}'s optional body: the code the customer gave. */
    public record DeliverRequest(@Size(max = 10) String otp) {
    }

    /** {@code courier.location} on the customer's order socket. */
    public record CourierLocation(String type, UUID orderId, double lat, @JsonProperty("long") double lon,
            Instant updatedAt) {
    }

    public record Point(double lat, @JsonProperty("long") double lon) {
    }

    public record RestaurantPlace(String name, Point location) {
    }

    /**
     * Where an offered order goes, roughly: the centre of its ~1 km cell (latitude and longitude rounded to 0.01°)
     * and the distance from the restaurant (km, one decimal). The exact address is the assigned courier's only.
     */
    public record DropoffArea(double lat, @JsonProperty("long") double lon, double distanceKm) {
    }

    /** {@code offer} on the courier's socket; the payout is the order's delivery fee (absent when unknown). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Offer(String type, UUID orderId, RestaurantPlace restaurant, DropoffArea dropoffArea,
            BigDecimal payout, String currency, Instant expiresAt) {
    }

    /** {@code offer.revoked}, {@code order.ready}, {@code assigned} and the like on the courier's socket. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrderMessage(String type, UUID orderId, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Error(String type, String code, String field, String detail) {
    }

    /** What an accepted offer answers. */
    public record Assignment(UUID orderId, UUID courierId, String status) {
    }

    /** {@code GET /admin/deliveries/unassigned}: an order nobody took after every round. */
    public record Unassigned(UUID orderId, UUID restaurantId, int rounds, Instant flaggedAt) {
    }

    /** {@code POST /deliveries/{orderId}/release}: why the courier hands the delivery back (the history keeps it). */
    public record ReleaseRequest(@NotBlank @Size(max = 200) String reason) {
    }

    /** {@code POST /admin/deliveries/{orderId}/assign}: the AVAILABLE courier who gets it. */
    public record AssignRequest(@NotNull UUID courierId) {
    }

    /**
     * What a release or a re-dispatch answers: the order is being offered again from round 1;
     * {@code releasedCourierId} is who had it (null when nobody had).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Dispatch(UUID orderId, String status, UUID releasedCourierId) {
    }

    /** {@code GET /admin/couriers/{courierId}/stats}: how often the courier took an order and did not come for it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CourierStats(UUID courierId, long noShows, Instant lastNoShowAt) {
    }

    /** The restaurant of a courier's job: where to collect, whom to call. */
    public record JobRestaurant(UUID restaurantId, String name, String street, String city, String zipCode,
            double lat, @JsonProperty("long") double lon, String phone) {
    }

    /** One line to collect: what, how many, and the customer's special instructions (null when none). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record JobItem(String name, int quantity, String specialInstructions) {
    }

    /** Where the courier's job goes: the exact address and whom to ask for (the customer's first name). */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record JobDropoff(String street, String city, String zipCode, double lat, @JsonProperty("long") double lon,
            String customerFirstName) {
    }

    /** {@code GET /couriers/me/delivery}: the courier's current delivery, all they need to do it. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CourierJob(UUID orderId, String status, JobRestaurant restaurant, List<JobItem> items,
            JobDropoff dropoff, BigDecimal payout, String currency, Instant estimatedReadyAt, Instant readyAt,
            boolean codeRequired) {
    }

    /** The admin's decision on a pending courier: the same body as a restaurant's verification. */
    public enum Decision { APPROVE, REJECT }

    public record VerificationRequest(@NotNull Decision decision, @Size(max = 1000) String reason) {
    }

    public record ReasonRequest(@NotBlank @Size(max = 1000) String reason) {
    }

    /** A courier's profile and verification, as the courier and admins see it. */
    public record CourierProfileView(UUID id, Courier.Verification status, Vehicle vehicle, String vehicleRegistration,
            String licenseNumber, String statusReason, UUID decidedBy, Instant decidedAt, Instant createdAt,
            Instant updatedAt, long version) {

        static CourierProfileView of(Courier c) {
            return new CourierProfileView(c.id, c.status, c.vehicle, c.vehicleRegistration, c.licenseNumber,
                    c.statusReason, c.decidedBy, c.decidedAt, c.createdAt, c.updatedAt, c.version);
        }
    }

    /**
     * {@code GET /couriers/me}: the profile and whether the courier is AVAILABLE, OFFLINE or BUSY right now, so that
     * an app opened again shows the shift as it stands (null when Redis cannot say).
     */
    public record CourierMe(@JsonUnwrapped CourierProfileView profile, CourierStatus availability) {
    }

    public record CourierPage(List<CourierProfileView> items, int page, int size, long total) {
    }
}
