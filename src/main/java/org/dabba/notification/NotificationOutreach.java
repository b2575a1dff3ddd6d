package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.dabba.delivery.DeliveryBodies.Offer;
import org.dabba.delivery.DeliveryCodeIssued;
import org.dabba.delivery.OffersMade;
import org.dabba.identity.ContactCodeIssued;
import org.dabba.identity.IdentityBodies.ContactChannel;
import org.dabba.notification.Outbound.Priority;
import org.dabba.notification.Preferences.Channel;
import org.dabba.notification.Preferences.Kind;
import org.dabba.order.NewOrderSeen;
import org.dabba.order.OrderConfig;
import org.dabba.order.events.OrderCancelled;
import org.dabba.order.events.OrderConfirmed;
import org.dabba.order.events.OrderDelivered;
import org.dabba.order.events.OrderEvent;
import org.dabba.order.events.OrderEventTypes;
import org.dabba.order.events.OrderPaid;
import org.dabba.order.events.OrderRejected;
import org.dabba.order.events.OrderSnapshot;
import org.dabba.platform.Time;
import org.dabba.platform.events.CloudEvent;
import org.dabba.restaurant.RestaurantService;

/**
 * Who hears of what outside the app, and how ({@link NotificationDeliveries} does the sending): a customer's order
 * updates by push and the receipt by email; a restaurant owner's new order by a high-priority push at once and by
 * SMS if not acknowledged in time; a courier's offers by a high-priority push that runs out with the offer; the
 * admins' decisions about a restaurant or a courier by push and email; one-time codes (an address to prove, the
 * code a courier must be given) through their channel whatever the preferences.
 */
@ApplicationScoped
public class NotificationOutreach {

    @Inject
    NotificationDeliveries deliveries;

    @Inject
    NotificationTemplates templates;

    @Inject
    RestaurantService restaurants;

    @Inject
    NotificationsConfig config;

    @Inject
    OrderConfig orders;

    /** Notification {@code n}, just stored from {@code event}, outside the app; in the storing transaction. */
    void reach(CloudEvent event, NotificationMessage n) {
        boolean orderUpdate = OrderEventTypes.read(event).isPresent();
        // The admins' decisions about an account are the account's business: no preference silences them.
        deliveries.send(new Outbound(n.id(), n.userId(), orderUpdate ? Kind.ORDER_UPDATES : null, n.type(),
                n.subjectId(), Priority.NORMAL, orderUpdate ? Set.of(Channel.PUSH) : Set.of(Channel.PUSH,
                        Channel.EMAIL), n.type(), templates.dataOf(event, n), null, null));
        if (OrderEventTypes.read(event).orElse(null) instanceof OrderDelivered delivered) {
            OrderSnapshot o = delivered.order();
            deliveries.send(new Outbound(derived("receipt", o.orderId().toString()), o.customerId(),
                    Kind.ORDER_UPDATES, "order.receipt", o.orderId(), Priority.NORMAL, Set.of(Channel.EMAIL),
                    "order.receipt", templates.receiptData(event), null, null));
        }
    }

    /**
     * The restaurant's side of an order event: a paid order alerts its owner (push now, SMS later unless
     * acknowledged; worthless once the order would be rejected for want of an answer); a decision on it, or its
     * end, acknowledges the alert.
     */
    public void forRestaurant(CloudEvent event) {
        OrderEvent e = OrderEventTypes.read(event).orElse(null);
        if (e == null || e.order() == null || e.order().orderId() == null) {
            return;
        }
        OrderSnapshot o = e.order();
        if (e instanceof OrderPaid) {
            restaurants.find(o.restaurantId()).filter(r -> r.ownerId() != null).ifPresent(r -> {
                Map<String, Object> data = new HashMap<>();
                data.put("orderId", o.orderId());
                data.put("orderRef", OrderNotifications.reference(o.orderId().toString()));
                data.put("restaurantName", r.name());
                data.put("itemCount", o.items() == null ? 0 : o.items().stream().mapToInt(l -> l.quantity()).sum());
                data.put("total", o.total());
                data.put("currency", o.currency());
                data.put("placedAt", o.placedAt());
                deliveries.sendWithFallback(new Outbound(derived("new-order", o.orderId().toString()), r.ownerId(),
                        Kind.ORDER_UPDATES, "order.new", o.orderId(), Priority.HIGH, Set.of(Channel.PUSH,
                                Channel.SMS), "restaurant.new-order", data,
                        Time.now().plus(orders.acceptanceTimeout()), null), config.newOrderSmsAfter());
            });
        } else if (e instanceof OrderConfirmed || e instanceof OrderRejected || e instanceof OrderCancelled) {
            deliveries.acknowledge(o.orderId(), null);
        }
    }

    /** The dashboard showed the order: its owner's SMS is not needed. */
    void onSeen(@Observes NewOrderSeen seen) {
        deliveries.acknowledge(seen.orderId(), seen.ownerId());
    }

    /** Each courier offered the order hears of it by push too, until the offer runs out. */
    void onOffers(@Observes OffersMade made) {
        Offer offer = made.offer();
        Map<String, Object> data = new HashMap<>();
        data.put("orderId", offer.orderId());
        data.put("orderRef", OrderNotifications.reference(offer.orderId().toString()));
        data.put("restaurantName", offer.restaurant().name());
        data.put("distanceKm", offer.dropoffArea().distanceKm());
        data.put("payout", offer.payout());
        data.put("currency", offer.currency());
        data.put("expiresAt", offer.expiresAt());
        for (UUID courier : made.couriers()) {
            deliveries.send(new Outbound(derived("offer", offer.orderId() + ":" + courier + ":" + offer.expiresAt()),
                    courier, Kind.OFFERS, "courier.offer", offer.orderId(), Priority.HIGH, Set.of(Channel.PUSH),
                    "courier.offer", data, offer.expiresAt(), null));
        }
    }

    /** A code to prove an address goes to that address through its own channel, whatever the preferences. */
    void onContactCode(@Observes ContactCodeIssued issued) {
        Channel channel = issued.channel() == ContactChannel.EMAIL ? Channel.EMAIL : Channel.SMS;
        deliveries.send(Outbound.account(UUID.randomUUID(), issued.userId(), "account.verification", channel,
                issued.address(), "account.verification", Map.of("code", issued.code(), "minutes",
                        issued.minutes()), issued.expiresAt()));
    }

    /** The customer is sent the code their courier must be given, by SMS and push, whatever the preferences. */
    void onDeliveryCode(@Observes DeliveryCodeIssued issued) {
        String orderRef = OrderNotifications.reference(issued.orderId().toString());
        deliveries.send(new Outbound(derived("delivery-code", issued.orderId().toString()), issued.customerId(),
                null, "delivery.code", issued.orderId(), Priority.HIGH, Set.of(Channel.SMS, Channel.PUSH),
                "delivery.code", Map.of("code", issued.code(), "orderRef", orderRef), null, null));
    }

    /** A message id derived from what it is about, so planning it twice sends it once. */
    static UUID derived(String what, String of) {
        return UUID.nameUUIDFromBytes(("dabba-" + what + ":" + of).getBytes(StandardCharsets.UTF_8));
    }
}
