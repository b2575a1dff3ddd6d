package org.dabba.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.builder.RouteBuilder;

/**
 * The outbox relay's heartbeat (the relay also runs right after a commit): poll, drain, purge daily; and the entry a
 * replay of the relay's dead letters calls.
 */
@ApplicationScoped
public class OutboxRoutes extends RouteBuilder {

    static final String RELAY_ROUTE = "outbox-relay";

    @Inject
    OutboxRelay relay;

    @Override
    public void configure() {
        from("timer:outbox-relay?delay=500&period={{dabba.outbox.poll-interval}}")
                .routeId(RELAY_ROUTE)
                .bean(relay, "drain");

        // The relay's dead letters (events it could not publish) are replayed by putting them back in the queue.
        DeadLetters.entryRoute(this, RELAY_ROUTE).bean(relay, "requeue");

        from("timer:outbox-purge?delay=60000&period=86400000")
                .routeId("outbox-purge")
                .bean(relay, "purgeSent")
                .log("Purged ${body} relayed outbox events");
    }
}
