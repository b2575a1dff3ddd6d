package org.dabba.platform.events;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.DeadLetter.Status;
import org.dabba.platform.http.Http;
import org.dabba.platform.http.Paging;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * Where every consumer's dead letters are parked ({@code event-dead-letter}), the admins' API over them
 * ({@code /admin/dead-letters}, ADMIN), and the {@code dabba_dead_letters_parked} gauges' refresh.
 */
@ApplicationScoped
public class DeadLetterRoutes extends RouteBuilder {

    @Inject
    Http http;

    @Inject
    DeadLetters deadLetters;

    @Override
    public void configure() {
        from(EventConsumerConfiguration.DEAD_LETTER).routeId("event-dead-letter")
                .process(deadLetters::park);

        rest("/admin/dead-letters")
                .get().to("direct:dead-letter-list")
                .post("/replay").to("direct:dead-letter-replay-all")
                .post("/{id}/replay").to("direct:dead-letter-replay")
                .delete("/{id}").to("direct:dead-letter-discard");

        from("direct:dead-letter-list").routeId("dead-letter-list")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, deadLetters.list(consumer(e, false), status(e), Paging.page(e), Paging.size(e)));
                });

        from("direct:dead-letter-replay").routeId("dead-letter-replay")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, deadLetters.replay(id(e)));
                });

        from("direct:dead-letter-replay-all").routeId("dead-letter-replay-all")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    http.ok(e, deadLetters.replayAll(consumer(e, true)));
                });

        from("direct:dead-letter-discard").routeId("dead-letter-discard")
                .process(e -> {
                    Caller.requireRole(e, Role.ADMIN);
                    deadLetters.discard(id(e));
                    http.noContent(e);
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

    private static String consumer(Exchange e, boolean required) {
        String raw = e.getMessage().getHeader("consumer", String.class);
        if (raw == null || raw.isBlank()) {
            if (required) {
                throw ProblemException.invalid("consumer", "is required");
            }
            return null;
        }
        if (raw.length() > 120) {
            throw ProblemException.invalid("consumer", "must be a route id (at most 120 characters)");
        }
        return raw.strip();
    }

    private static Status status(Exchange e) {
        String raw = e.getMessage().getHeader("status", String.class);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return Status.valueOf(raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException bad) {
            throw ProblemException.invalid("status", "must be one of PARKED, REPLAYED, DISCARDED");
        }
    }
}
