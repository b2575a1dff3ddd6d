package org.dabba.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.DeadLetter.Status;
import org.dabba.platform.http.Edge;
import org.dabba.platform.http.Paging;

/**
 * Where every consumer's dead letters are parked ({@code event-dead-letter}), the admins' API over them
 * ({@code /admin/dead-letters}, ADMIN), and the {@code dabba_dead_letters_parked} gauges' refresh.
 */
@ApplicationScoped
public class DeadLetterRoutes extends RouteBuilder {

    @Inject
    DeadLetters deadLetters;

    @Override
    public void configure() {
        from(EventConsumerConfiguration.DEAD_LETTER).routeId("event-dead-letter")
                .process(deadLetters::park);

        from("direct:deadLetterList").routeId("dead-letter-list")
                .process(e -> e.getMessage().setBody(deadLetters.list(consumer(e), Edge.enumParam(e, "status", Status.class),
                        Paging.page(e), Paging.size(e))));

        from("direct:deadLetterReplay").routeId("dead-letter-replay")
                .process(e -> e.getMessage().setBody(deadLetters.replay(id(e))));

        from("direct:deadLetterReplayAll").routeId("dead-letter-replay-all")
                .process(e -> e.getMessage().setBody(deadLetters.replayAll(consumer(e))));

        from("direct:deadLetterDiscard").routeId("dead-letter-discard")
                .process(e -> {
                    deadLetters.discard(id(e));
                    Edge.reply(e, 204, null);
                });

        // Other instances park and replay too: the gauges follow the table, not only this instance's actions.
        from("timer:dead-letter-gauges?delay=1000&period=30000").routeId("dead-letter-gauges")
                .process(e -> {
                    for (Route route : getCamelContext().getRoutes()) {
                        if (getCamelContext().getRoute(DeadLetters.entryRouteId(route.getRouteId())) != null) {
                            deadLetters.gauge(route.getRouteId());
                        }
                    }
                    deadLetters.refreshGauges();
                });
    }

    /** A malformed id is bad input here (400), unlike elsewhere: admins paste these ids from logs. */
    private static UUID id(Exchange e) {
        String raw = e.getMessage().getHeader("id", String.class);
        try {
            return UUID.fromString(raw);
        } catch (RuntimeException malformed) {
            throw ProblemException.invalid("id", "must be a UUID");
        }
    }

    /** The consumer route id; the contract bounds it and says when it is required. */
    private static String consumer(Exchange e) {
        String raw = e.getMessage().getHeader("consumer", String.class);
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
