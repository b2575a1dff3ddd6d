package org.dabba.menu.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A dish as its events carry it, after the change (fields without a value are null).
 *
 * @param type {@code VEG} or {@code NON_VEG}
 * @param isAvailable whether customers can order it now
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MenuItemData(UUID id, UUID restaurantId, String name, String description, BigDecimal price,
        String category, String type, @JsonProperty("isAvailable") boolean isAvailable, String imageUrl,
        String thumbnailUrl, Instant createdAt, Instant updatedAt) {
}
