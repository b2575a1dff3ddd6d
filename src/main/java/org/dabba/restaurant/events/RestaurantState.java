package org.dabba.restaurant.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A restaurant as its events carry it: the whole restaurant after the change, as its owner and the admins see it
 * (fields without a value are left out). Statuses are strings so that a consumer built before a new status still
 * reads the event.
 *
 * @param status {@code PENDING_VERIFICATION}, {@code ACTIVE}, {@code REJECTED} or {@code INACTIVE}
 * @param operationalStatus the owner's switch: {@code ONLINE} or {@code OFFLINE}
 * @param statusReason why an admin rejected or deactivated it
 * @param version the row's version: a consumer keeps the highest it has seen
 * @param openNow takes orders at the event's time (ACTIVE, within its hours, ONLINE)
 * @param opensAt its next opening by its hours when outside them
 * @param prepEstimateMinutes the measured preparation time, once there are enough pickups
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestaurantState(UUID id, String name, String logoUrl, String description, String status,
        String operationalStatus, Address address, Contact contact, BigDecimal rating, int ratingCount,
        BigDecimal popularityScore, int prepTimeMinutes, BigDecimal deliveryRadiusKm, String licenseNumber,
        String gst, UUID ownerId, String statusReason, Long version, Instant createdAt, Instant updatedAt,
        boolean openNow, Instant opensAt, Integer prepEstimateMinutes) {

    public record Address(String street, String city, String zipCode, BigDecimal latitude, BigDecimal longitude) {
    }

    public record Contact(String email, String phone) {
    }
}
