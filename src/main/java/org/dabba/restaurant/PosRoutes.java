package org.dabba.restaurant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.events.DeadLetters;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.PosBodies.PosIntegrationRequest;

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
    PosIntegrations pos;

    @Inject
    PosDeliveries deliveries;

    @Inject
    PosConfig config;

    @Override
    public void configure() {
        from("direct:restaurantPosRegister").routeId("restaurant-pos-register").inputType(PosIntegrationRequest.class)
                .process(e -> e.getMessage().setBody(pos.register(restaurantId(e), Caller.required(e),
                        e.getMessage().getBody(PosIntegrationRequest.class))));

        from("direct:restaurantPosGet").routeId("restaurant-pos-get")
                .process(e -> e.getMessage().setBody(pos.get(restaurantId(e), Caller.required(e))));

        from("direct:restaurantPosRemove").routeId("restaurant-pos-remove")
                .process(e -> {
                    pos.remove(restaurantId(e), Caller.required(e));
                    Edge.reply(e, 204, null);
                });

        from("direct:restaurantPosDeliveries").routeId("restaurant-pos-deliveries")
                .process(e -> e.getMessage().setBody(pos.deliveries(restaurantId(e), Caller.required(e),
                        Edge.enumParam(e, "status", PosDelivery.Status.class), Paging.page(e), Paging.size(e))));

        from("direct:restaurantPosRetry").routeId("restaurant-pos-retry")
                .process(e -> e.getMessage().setBody(pos.retry(restaurantId(e),
                        Http.uuidParam(e, "deliveryId", "POS delivery"), Caller.required(e))));

        // Records what each POS is owed; idempotent per event, so a redelivered event is harmless.
        DeadLetters.consumer(this, "restaurant-pos-events", "{{dabba.consumers.restaurant.pos}}")
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
}
