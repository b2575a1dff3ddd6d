package org.dabba.delivery.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/**
 * A courier's profile as its events carry it: the whole profile after the change (fields without a value are
 * null). Statuses are strings so that a consumer built before a new one still reads the event.
 *
 * @param id the courier's user id
 * @param status {@code PENDING}, {@code APPROVED}, {@code REJECTED} or {@code SUSPENDED}
 * @param vehicle {@code BICYCLE}, {@code SCOOTER}, {@code MOTORCYCLE} or {@code CAR}
 * @param statusReason why an admin rejected or suspended them
 * @param decidedBy the admin who decided last
 * @param version the row's version: a consumer keeps the highest it has seen
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record CourierProfile(UUID id, String status, String vehicle, String vehicleRegistration,
        String licenseNumber, String statusReason, UUID decidedBy, Instant decidedAt, Instant createdAt,
        Instant updatedAt, long version) {
}
