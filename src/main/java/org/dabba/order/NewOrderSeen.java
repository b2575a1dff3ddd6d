package org.dabba.order;

import java.util.UUID;

/** The owner's dashboard showed a new order (its {@code seen} message): their alert needs no SMS any more. */
public record NewOrderSeen(UUID orderId, UUID restaurantId, UUID ownerId) {
}
