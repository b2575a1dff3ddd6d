package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.CourierJob;
import org.dabba.delivery.DeliveryBodies.JobDropoff;
import org.dabba.delivery.DeliveryBodies.JobItem;
import org.dabba.delivery.DeliveryBodies.JobRestaurant;
import org.dabba.delivery.DeliveryBodies.TrackingView;
import org.dabba.identity.IdentityService;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.OrderStatus;
import org.dabba.platform.Geo;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;

/**
 * A delivery's progress (pickup, deliver: the order's state changes through {@link DeliveryProgress}), what the
 * courier sees of their job, and the customer's view of it (the courier's position, only while the delivery is
 * theirs and under way).
 */
@ApplicationScoped
public class Deliveries {

    /** What the ETA assumes: a city courier's average speed. */
    static final double CITY_SPEED_KMH = 20;

    @Inject
    DeliveryProgress orders;

    @Inject
    CourierStore couriers;

    @Inject
    RestaurantService restaurants;

    @Inject
    IdentityService identity;

    @Inject
    DeliveryCodes codes;

    /** OUT_FOR_DELIVERY, and with delivery codes on the customer's code made and sent, all in one transaction. */
    @Transactional
    public DeliveryView pickUp(Caller courier, UUID orderId) {
        DeliveryView d = orders.pickedUp(courier.userId(), orderId);
        codes.issue(d);
        return d;
    }

    /**
     * DELIVERED, then the courier is AVAILABLE again and the customer no longer sees them. With delivery codes on,
     * the assigned courier of an order on its way must send its code ({@code otp}) first ({@link DeliveryCodes#check});
     * anyone else is refused by the state change as before, without spending the order's tries.
     */
    public DeliveryView deliver(Caller courier, UUID orderId, String otp) {
        if (codes.enabled()) {
            orders.delivery(orderId).filter(v -> courier.userId().equals(v.courierId())
                    && v.status() == OrderStatus.OUT_FOR_DELIVERY).ifPresent(v -> codes.check(orderId, otp));
        }
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
        String code = d.status() == OrderStatus.OUT_FOR_DELIVERY ? codes.of(orderId).orElse(null) : null;
        return new TrackingView(d.courierId(), p.lat(), p.lon(), p.ts(), eta, code);
    }

    /**
     * {@code GET /couriers/me/delivery}: the delivery the courier has now, with what they need to do it: the
     * restaurant (name, address, phone), what to collect (with special instructions), where to take it and whom
     * to ask for. 404 when they have none.
     */
    public CourierJob job(UUID courierId) {
        DeliveryView d = orders.deliveryOf(courierId)
                .orElseThrow(() -> ProblemException.of(404, "no-delivery", "Not found", "You have no delivery now"));
        RestaurantView r = restaurants.find(d.restaurantId()).orElseThrow(
                () -> new IllegalStateException("Order " + d.orderId() + " has no restaurant"));
        JobRestaurant restaurant = new JobRestaurant(r.id(), r.name(), r.address().street(), r.address().city(),
                r.address().zipCode(), r.address().latitude().doubleValue(), r.address().longitude().doubleValue(),
                r.contact() == null ? null : r.contact().phone());
        List<JobItem> items = d.items().stream()
                .map(l -> new JobItem(l.name(), l.quantity(), l.specialInstructions())).toList();
        DeliveryAddress a = d.deliveryAddress();
        JobDropoff dropoff = new JobDropoff(a.street(), a.city(), a.zipCode(), a.latitude().doubleValue(),
                a.longitude().doubleValue(), identity.firstName(d.customerId()).orElse(null));
        return new CourierJob(d.orderId(), d.status().name(), restaurant, items, dropoff, d.deliveryFee(),
                d.currency(), d.estimatedReadyAt(), d.readyAt(), codeRequired(d));
    }

    /**
     * Whether handing it over takes the customer's code: with codes on, every order picked up from now on; one
     * already on its way only if it was given a code at pickup.
     */
    private boolean codeRequired(DeliveryView d) {
        if (!codes.enabled()) {
            return false;
        }
        return d.status() != OrderStatus.OUT_FOR_DELIVERY || codes.of(d.orderId()).isPresent();
    }
}
