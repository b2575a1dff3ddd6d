package org.dabba.restaurant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.error.Constraints;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.CloudEvent;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.PosBodies.PosDeliveryView;
import org.dabba.restaurant.PosBodies.PosIntegrationRequest;
import org.dabba.restaurant.PosBodies.PosIntegrationView;
import org.jboss.logging.Logger;

/**
 * A restaurant's POS webhook: the owner registers, reads and removes it and watches its deliveries; the order
 * events consumer records what is owed to it ({@link PosDeliveries} sends it). Orders are known here only through
 * the order events' data: this package does not import the order feature.
 */
@ApplicationScoped
public class PosIntegrations {

    private static final Logger LOG = Logger.getLogger(PosIntegrations.class);

    /** The order feature's events (read as data: this package does not import the order feature). */
    private static final String ORDER_EVENTS = "org.dabba.order.";

    /**
     * The order statuses of an order that never reached the restaurant (not paid, or given up before payment). Its
     * events are not delivered, unless the POS already knows the order (a later cancellation of a paid one).
     */
    static final Set<String> NOT_AT_RESTAURANT = Set.of("PAYMENT_PENDING", "PAYMENT_FAILED", "CANCELLED");

    @Inject
    RestaurantService restaurants;

    @Inject
    PosConfig config;

    /** {@code PUT}: registers the webhook, or replaces its URL and secret (pending deliveries then use the new ones). */
    @Transactional
    public PosIntegrationView register(UUID restaurantId, Caller owner, PosIntegrationRequest request) {
        restaurants.requireOwned(restaurantId, owner);
        String url = validUrl(request.url());
        Instant now = Time.now();
        PosIntegration integration = PosIntegration.ofRestaurant(restaurantId).orElse(null);
        if (integration == null) {
            integration = new PosIntegration();
            integration.id = UUID.randomUUID();
            integration.restaurantId = restaurantId;
            integration.createdAt = now;
        }
        integration.url = url;
        integration.secret = request.secret();
        integration.updatedAt = now;
        try {
            integration.persistAndFlush();
        } catch (PersistenceException e) {
            if (Constraints.violated(e, "pos_integrations_restaurant_key")) {
                throw ProblemException.conflict("concurrent-update",
                        "The POS integration was registered at the same moment by another request; try again");
            }
            throw e;
        }
        return PosIntegrationView.of(integration);
    }

    /** {@code GET}: the owner's (or an admin's) view; 404 when none is registered. */
    @Transactional
    public PosIntegrationView get(UUID restaurantId, Caller caller) {
        return PosIntegrationView.of(readable(restaurantId, caller));
    }

    /** {@code DELETE}: no more deliveries; the delivery log goes with it. */
    @Transactional
    public void remove(UUID restaurantId, Caller owner) {
        restaurants.requireOwned(restaurantId, owner);
        integration(restaurantId).delete();
    }

    /** The deliveries, newest first, optionally of one status. */
    @Transactional
    public RestaurantBodies.Page<PosDeliveryView> deliveries(UUID restaurantId, Caller caller,
            PosDelivery.Status status, int page, int size) {
        PosIntegration integration = readable(restaurantId, caller);
        Sort newestFirst = Sort.by("seq").descending();
        var query = status == null
                ? PosDelivery.<PosDelivery>find("integrationId", newestFirst, integration.id)
                : PosDelivery.<PosDelivery>find("integrationId = ?1 and status = ?2", newestFirst, integration.id,
                        status);
        List<PosDeliveryView> items = query.page(Page.of(page, size)).list().stream().map(PosDeliveryView::of)
                .toList();
        return new RestaurantBodies.Page<>(items, page, size, query.count());
    }

    /** A DEAD delivery gets a fresh round of attempts, starting now; 409 for one that is not DEAD. */
    @Transactional
    public PosDeliveryView retry(UUID restaurantId, UUID deliveryId, Caller caller) {
        PosIntegration integration = readable(restaurantId, caller);
        PosDelivery delivery = PosDelivery.<PosDelivery>findByIdOptional(deliveryId)
                .filter(d -> d.integrationId.equals(integration.id))
                .orElseThrow(() -> ProblemException.notFound("POS delivery", deliveryId));
        if (delivery.status != PosDelivery.Status.DEAD) {
            throw ProblemException.conflict("pos-delivery-not-dead",
                    "Only a DEAD delivery can be retried; this one is " + delivery.status);
        }
        delivery.status = PosDelivery.Status.PENDING;
        delivery.attempts = 0;
        delivery.nextAttemptAt = Time.now();
        return PosDeliveryView.of(delivery);
    }

    /**
     * An order event (the {@code restaurant-pos-events} consumer): if the order's restaurant has a POS webhook and
     * the order reached the restaurant (paid), records the delivery owed to it. Idempotent: one row per
     * integration and event id, so a redelivered event is recorded once.
     */
    @Transactional
    public void onOrderEvent(CloudEvent event) {
        JsonNode data = event.data();
        if (data == null || event.type() == null || !event.type().startsWith(ORDER_EVENTS)) {
            return;
        }
        UUID restaurantId = uuid(data.path("restaurantId").asText(null));
        UUID orderId = uuid(data.path("orderId").asText(event.subject()));
        if (restaurantId == null || orderId == null) {
            LOG.warnf("Order event %s (%s) names no restaurant or order; not delivered to a POS", event.id(),
                    event.type());
            return;
        }
        PosIntegration integration = PosIntegration.ofRestaurant(restaurantId).orElse(null);
        if (integration == null) {
            return;
        }
        if (NOT_AT_RESTAURANT.contains(data.path("status").asText()) && !knownToPos(integration.id, orderId)) {
            return;
        }
        Instant now = Time.now();
        Panache.getEntityManager().createNativeQuery("""
                insert into pos_deliveries (id, integration_id, event_id, event_type, order_id, payload, status,
                    attempts, next_attempt_at, created_at)
                values (:id, :integration, :eventId, :eventType, :orderId, :payload, 'PENDING', 0, :now, :now)
                on conflict (integration_id, event_id) do nothing""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("integration", integration.id)
                .setParameter("eventId", event.id())
                .setParameter("eventType", eventType(event))
                .setParameter("orderId", orderId)
                .setParameter("payload", payload(event))
                .setParameter("now", now)
                .executeUpdate();
    }

    /**
     * The event's name as POS integrations were given it before types were reverse-DNS: {@code order.payment.success}
     * for {@code org.dabba.order.payment.success}.
     */
    private static String eventType(CloudEvent event) {
        String name = event.type().substring(ORDER_EVENTS.length() - "order.".length());
        return name.equals("order.ready") ? "order.ready.for.pickup" : name;
    }

    /** What the POS receives: the event's type, id and time, and the order as the event carries it. */
    private String payload(CloudEvent event) {
        ObjectNode document = Json.mapper().createObjectNode();
        document.put("eventId", event.id());
        document.put("eventType", eventType(event));
        document.put("time", event.time() == null ? null : event.time().toString());
        document.set("order", event.data());
        return Json.write(document);
    }

    private static boolean knownToPos(UUID integrationId, UUID orderId) {
        return PosDelivery.count("integrationId = ?1 and orderId = ?2", integrationId, orderId) > 0;
    }

    /** The integration if {@code caller} may read it: the owner, an admin (support); others 403 or 404. */
    private PosIntegration readable(UUID restaurantId, Caller caller) {
        if (caller.isAdmin()) {
            restaurants.find(restaurantId).orElseThrow(() -> ProblemException.notFound("Restaurant", restaurantId));
        } else {
            restaurants.requireOwned(restaurantId, caller);
        }
        return integration(restaurantId);
    }

    private static PosIntegration integration(UUID restaurantId) {
        return PosIntegration.ofRestaurant(restaurantId)
                .orElseThrow(() -> ProblemException.notFound("POS integration of restaurant", restaurantId));
    }

    /**
     * An absolute http(s) URL with a host, no credentials, no fragment; https only, and public addresses only, when
     * so configured.
     */
    String validUrl(String raw) {
        String url = raw.strip();
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw ProblemException.invalid("url", "must be an absolute http or https URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw ProblemException.invalid("url", "must not carry credentials; deliveries are signed with the secret");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not have a fragment");
        }
        if (config.requireHttps() && !scheme.equals("https")) {
            throw ProblemException.invalid("url", "must use https");
        }
        if (!config.allowPrivateAddresses()) {
            PosAddresses.refusal(uri).ifPresent(why -> {
                throw ProblemException.invalid("url", why);
            });
        }
        return url;
    }

    private static UUID uuid(String raw) {
        try {
            return raw == null ? null : UUID.fromString(raw);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
