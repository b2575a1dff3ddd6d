package org.dabba.delivery;

import java.util.List;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.Offer;

/**
 * A round offered an order to these couriers: fired after their sockets were told, so that those whose app is in
 * the background hear of it too (notifications push it). Accepting still goes through the API.
 */
public record OffersMade(List<UUID> couriers, Offer offer) {
}
