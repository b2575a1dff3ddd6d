package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.TrackingView;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderStatus;
import org.dabba.platform.Geo;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;

/**
 * A delivery's progress (pickup, deliver: the order's state changes through {@link DeliveryProgress}) and the
 * customer's view of it (the courier's position, only while the delivery is theirs and under way).
 */
@ApplicationScoped
public class Deliveries {

    /** What the ETA assumes: a city courier's average speed. */
    static final double CITY_SPEED_KMH = 20;

    @Inject
    DeliveryProgress orders;

    @Inject
    CourierStore couriers;

    public DeliveryView pickUp(Caller courier, UUID orderId) {
        return orders.pickedUp(courier.userId(), orderId);
    }

    /** DELIVERED, then the courier is AVAILABLE again and the customer no longer sees them. */
    public DeliveryView deliver(Caller courier, UUID orderId) {
        DeliveryView d = orders.delivered(courier.userId(), orderId);
        couriers.free(courier.userId(), orderId);
        return d;
    }

    /** {@code GET /orders/{orderId}/location}: the order's customer only (404 for anyone else). */
    public TrackingView track(Caller caller, UUID orderId) {
        DeliveryView d = orders.delivery(orderId).filter(v -> caller.userId().equals(v.customerId()))
                .orElseThrow(() -> ProblemException.notFound("Order", orderId));
        if (!d.tracked()) {
            if (d.courierId() == null && !d.status().isFinal()) {
                throw ProblemException.conflict("no-courier-yet", "No courier has taken order " + orderId + " yet");
            }
            throw ProblemException.conflict("delivery-over", "Order " + orderId + " is " + d.status()
                    + "; its courier is no longer shown");
        }
        CourierStore.Position p = couriers.position(d.courierId()).filter(pos -> pos.ts() != null)
                .filter(pos -> orderId.equals(pos.orderId()))
                .orElseThrow(() -> ProblemException.conflict("no-position-yet",
                        "The courier of order " + orderId + " has not sent a position yet"));
        double km = Geo.distanceKm(p.lat(), p.lon(), d.dropoffLat().doubleValue(), d.dropoffLong().doubleValue());
        Integer eta = d.status() == OrderStatus.OUT_FOR_DELIVERY ? (int) Math.ceil(km / CITY_SPEED_KMH * 60) : null;
        return new TrackingView(d.courierId(), p.lat(), p.lon(), p.ts(), eta);
    }
}
