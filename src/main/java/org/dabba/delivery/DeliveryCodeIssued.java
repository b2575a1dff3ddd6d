package org.dabba.delivery;

import java.util.UUID;

/**
 * The code a courier must be given to deliver the order was made at pickup: fired synchronously in the pickup's
 * transaction, so that the customer's message carrying it (notifications send it) is planned with it or neither is.
 */
public record DeliveryCodeIssued(UUID orderId, UUID customerId, String code) {
}
