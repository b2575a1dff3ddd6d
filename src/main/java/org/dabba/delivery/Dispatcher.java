package org.dabba.delivery;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.CourierJob;
import org.dabba.delivery.DeliveryBodies.CourierStats;
import org.dabba.delivery.DeliveryBodies.Dispatch;
import org.dabba.delivery.DeliveryBodies.JobDropoff;
import org.dabba.delivery.DeliveryBodies.JobItem;
import org.dabba.delivery.DeliveryBodies.JobRestaurant;
import org.dabba.delivery.DeliveryBodies.OrderMessage;
import org.dabba.identity.IdentityService;
import org.dabba.order.Actor;
import org.dabba.order.OrderBodies.DeliveryAddress;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.order.DeliveryProgress;
import org.dabba.order.OrderStatus;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantBodies.RestaurantView;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * Dispatch never gives up silently: the sweep reads PostgreSQL (not only Redis) for orders waiting for a courier,
 * cancels those past the dispatch deadline (refunded), starts matching again for any with no live round in Redis
 * (lost with a Redis failure, or a dropped event) and releases couriers who did not come for the food (no-shows).
 * Also a courier handing a delivery back, an admin's re-dispatch, and what a courier sees of their job.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);

    /** The reason of a courier released for not coming. */
    static final String NO_SHOW = "no-show";
    /** Orders read per sweep: far more than wait for a courier at once; the oldest first. */
    static final int SWEEP_BATCH = 500;

    @Inject
    Matchings matchings;

    @Inject
    CourierStore couriers;

    @Inject
    CourierSockets sockets;

    @Inject
    DeliveryProgress orders;

    @Inject
    RestaurantService restaurants;

    @Inject
    IdentityService identity;

    @Inject
    DeliveryConfig config;

    /**
     * The dispatch sweep's step (every instance; each action is safe to do twice). Deadlines first, from
     * PostgreSQL alone, so they hold while Redis is away; then matching for orders with no live round; then
     * no-shows. Once Redis fails, this sweep leaves it alone (the next one tries again).
     */
    public void sweep() {
        Instant now = Time.now();
        boolean redisUp = true;
        for (DeliveryView d : orders.awaitingCourier(SWEEP_BATCH)) {
            try {
                Optional<Instant> deadline = matchings.deadline(d);
                if (deadline.isPresent() && !now.isBefore(deadline.get()) && matchings.cancelAtDeadline(d)) {
                    continue;
                }
                if (redisUp && matchings.start(d, Matchings.Start.HEAL, null)) {
                    LOG.warnf("Order %s had no live matching round; matching started again", d.orderId());
                }
            } catch (ProblemException e) {
                redisUp = redisUp && e.problem().getStatus() != 503;
                LOG.warnf("Dispatch sweep: order %s not checked (%s)", d.orderId(), e.getMessage());
            } catch (RuntimeException e) {
                LOG.warnf(e, "Dispatch sweep: order %s not checked", d.orderId());
            }
        }
        for (DeliveryView d : orders.notPickedUp(now.minus(config.noShowAfter()), SWEEP_BATCH)) {
            try {
                noShow(d);
            } catch (RuntimeException e) {
                LOG.warnf("Dispatch sweep: no-show of order %s not handled (%s)", d.orderId(), e.toString());
            }
        }
    }

    /** The courier did not come: released (reason no-show) and counted in one transaction, then re-dispatched. */
    private void noShow(DeliveryView d) {
        UUID courierId = d.courierId();
        DeliveryView released = QuarkusTransaction.requiringNew().call(() -> {
            DeliveryView v = orders.releaseCourier(d.orderId(), courierId, NO_SHOW, Actor.SYSTEM);
            CourierNoShow n = new CourierNoShow();
            n.courierId = courierId;
            n.orderId = d.orderId();
            n.at = Time.now();
            n.persist();
            return v;
        });
        LOG.warnf("Courier %s did not come for order %s; released and the order offered again", courierId,
                d.orderId());
        redispatch(released, courierId, NO_SHOW, true);
    }

    /**
     * {@code POST /deliveries/{orderId}/release}: the courier hands the delivery back before pickup (403 when not
     * theirs, 409 once picked up); AVAILABLE again, and the order is offered again at once, never to them.
     */
    public Dispatch release(Caller courier, UUID orderId, String reason) {
        DeliveryView d = orders.releaseCourier(orderId, courier.userId(), reason.strip(),
                Actor.courier(courier.userId()));
        redispatch(d, courier.userId(), reason.strip(), false);
        return new Dispatch(orderId, "DISPATCHING", courier.userId());
    }

    /**
     * {@code POST /admin/deliveries/{orderId}/redispatch}: an assigned courier who has not picked up is released
     * (and told), and the order is offered from round 1 now; an order nobody has starts its rounds again.
     * 409 {@code not-dispatchable} once picked up or over.
     */
    public Dispatch redispatch(Caller admin, UUID orderId) {
        DeliveryView d = orders.delivery(orderId).orElseThrow(() -> ProblemException.notFound("Order", orderId));
        if (!OrderStatus.AWAITING_PICKUP.contains(d.status())) {
            throw ProblemException.conflict("not-dispatchable", "Order " + orderId + " is " + d.status()
                    + "; only an ACCEPTED or IN_PREPARATION order goes back to dispatch");
        }
        UUID courierId = d.courierId();
        if (courierId != null) {
            d = orders.releaseCourier(orderId, courierId, "re-dispatched by an admin", Actor.admin(admin.userId()));
        }
        redispatch(d, courierId, "re-dispatched", courierId != null);
        return new Dispatch(orderId, "DISPATCHING", courierId);
    }

    /**
     * After a release committed: the courier AVAILABLE again (told on their socket when it was not their doing),
     * the order back to round 1. Redis failing here leaves the order to the sweep (it has no courier and no live
     * round) and the courier BUSY on an order not theirs, let go at their next availability change.
     */
    private void redispatch(DeliveryView d, UUID courierId, String reason, boolean tell) {
        try {
            if (courierId != null) {
                couriers.free(courierId, d.orderId());
                if (tell) {
                    sockets.send(courierId, new OrderMessage("released", d.orderId(), reason));
                }
            }
            matchings.start(d, Matchings.Start.RESTART, courierId);
        } catch (RuntimeException e) {
            LOG.warnf("Order %s released but not re-dispatched yet (%s); the dispatch sweep will", d.orderId(),
                    e.toString());
        }
    }

    /** {@code GET /admin/couriers/{courierId}/stats}. */
    public CourierStats stats(UUID courierId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<CourierNoShow> all = CourierNoShow.<CourierNoShow>list("courierId", courierId);
            Instant last = all.stream().map(n -> n.at).max(Instant::compareTo).orElse(null);
            return new CourierStats(courierId, all.size(), last);
        });
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
                d.currency(), d.estimatedReadyAt(), d.readyAt());
    }
}
