package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.CloudEvents;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.PosApi.PosIntegrationRequest;

/**
 * A restaurant's POS webhook: the owner's endpoints under {@code /restaurants/{restaurantId}/integrations/pos},
 * the order events consumer that records what is owed to it, and the worker that sends it through the
 * {@code dabba-pos-webhook-sink} kamelet.
 */
@ApplicationScoped
public class PosRoutes extends RouteBuilder {

    /**
     * The kamelet evaluates its url and secret per message, so one kamelet route serves every restaurant (and no
     * secret is ever part of an endpoint URI).
     */
    static final String SINK = "kamelet:dabba-pos-webhook-sink"
            + "?url=RAW(${exchangeProperty." + PosDeliveries.URL_PROPERTY + "})"
            + "&secret=RAW(${exchangeProperty." + PosDeliveries.SECRET_PROPERTY + "})";

    @Inject
    Http http;

    @Inject
    PosService pos;

    @Inject
    PosDeliveries deliveries;

    @Inject
    PosConfig config;

    @Inject
    CloudEvents cloudEvents;

    @Override
    public void configure() {
        rest("/restaurants/{restaurantId}/integrations/pos")
                .put().to("direct:restaurant-pos-register")
                .get().to("direct:restaurant-pos-get")
                .delete().to("direct:restaurant-pos-remove")
                .get("/deliveries").to("direct:restaurant-pos-deliveries")
                .post("/deliveries/{deliveryId}/retry").to("direct:restaurant-pos-retry");

        from("direct:restaurant-pos-register").routeId("restaurant-pos-register")
                .process(e -> {
                    Caller owner = Caller.requireRole(e, Role.RESTAURANT_OWNER);
                    http.ok(e, pos.register(restaurantId(e), owner, http.read(e, PosIntegrationRequest.class)));
                });

        from("direct:restaurant-pos-get").routeId("restaurant-pos-get")
                .process(e -> http.ok(e, pos.get(restaurantId(e), reader(e))));

        from("direct:restaurant-pos-remove").routeId("restaurant-pos-remove")
                .process(e -> {
                    pos.remove(restaurantId(e), Caller.requireRole(e, Role.RESTAURANT_OWNER));
                    http.noContent(e);
                });

        from("direct:restaurant-pos-deliveries").routeId("restaurant-pos-deliveries")
                .process(e -> {
                    Caller caller = reader(e);
                    PosDelivery.Status status = status(e);
                    http.ok(e, pos.deliveries(restaurantId(e), caller, status, Paging.page(e), Paging.size(e)));
                });

        from("direct:restaurant-pos-retry").routeId("restaurant-pos-retry")
                .process(e -> {
                    Caller caller = reader(e);
                    http.ok(e, pos.retry(restaurantId(e), Http.uuidParam(e, "deliveryId", "POS delivery"), caller));
                });

        // Records what each POS is owed; idempotent per event, so a redelivered event is harmless.
        from("{{dabba.consumers.restaurant.pos}}").routeId("restaurant-pos-events")
                .routeConfigurationId(DeadLetters.CONSUMERS)
                .to(DeadLetters.entry("restaurant-pos-events"));
        from(DeadLetters.entry("restaurant-pos-events")).routeId(DeadLetters.entryRouteId("restaurant-pos-events"))
                .routeConfigurationId(DeadLetters.ENTRIES)
                .bean(cloudEvents, "read")
                .bean(pos, "onOrderEvent");

        // Sends the due deliveries of one claim in parallel, each through the kamelet, and records each outcome.
        ExecutorService senders = getCamelContext().getExecutorServiceManager()
                .newFixedThreadPool(this, "restaurant-pos-delivery", config.batchSize());
        from("timer:restaurant-pos-delivery?delay=1000&period={{dabba.pos.poll-interval}}")
                .routeId("restaurant-pos-delivery")
                .bean(deliveries, "claimDue")
                .split(body()).parallelProcessing().executorService(senders)
                    .setProperty(PosDeliveries.DUE, body())
                    .doTry()
                        .process(deliveries::prepare)
                        .to(SINK + "&requestTimeout=" + config.timeout().toMillis())
                        .process(deliveries::delivered)
                    .doCatch(Exception.class)
                        .process(deliveries::failed)
                    .end()
                .end();

        from("timer:restaurant-pos-purge?delay=60000&period=3600000").routeId("restaurant-pos-purge")
                .bean(deliveries, "purgeDelivered")
                .filter(simple("${body} > 0"))
                    .log("Purged ${body} delivered POS deliveries");
    }

    private static UUID restaurantId(Exchange e) {
        return Http.uuidParam(e, "restaurantId", "Restaurant");
    }

    /** Reads (and re-queuing a dead delivery) are for the owner and for admins. */
    private static Caller reader(Exchange e) {
        return Caller.requireRole(e, Role.RESTAURANT_OWNER, Role.ADMIN);
    }

    private static PosDelivery.Status status(Exchange e) {
        String raw = e.getMessage().getHeader("status", String.class);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return PosDelivery.Status.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            throw ProblemException.invalid("status", "must be one of PENDING, DELIVERED, DEAD");
        }
    }
}
