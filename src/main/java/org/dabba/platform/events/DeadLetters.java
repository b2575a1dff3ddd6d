package org.dabba.platform.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.URISupport;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.events.DeadLetter.Status;
import org.jboss.logging.Logger;

/**
 * The one failure path of every event consumer: what the {@code event-consumers} route configuration parks after
 * the last retry, and what an admin does with it. Consumer {@code C} processes each event in its entry route
 * {@code direct:C-apply}, so a replay reaches the consumer that failed and no other (in prod several consumer groups
 * read one topic: publishing again would reach them all). An entry route must leave Camel's headers alone: the
 * retries count in one of them.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    /** The route configuration every event consumer route names. */
    public static final String CONSUMERS = "event-consumers";
    /** The route configuration of every consumer's entry route: failures go back to the caller, untouched. */
    public static final String ENTRIES = "event-consumer-entries";
    static final int MAX_ERROR = 1000;
    /** On a lane's exchange: the consumer it runs for (a lane's route is not the consumer's). */
    static final String CONSUMER = "dabbaConsumer";
    /** The exchange property naming the lane an event is handed to. */
    private static final String LANE = "dabbaLane";

    public record DeadLetterView(UUID id, String consumer, String eventId, String eventType, String subject,
            Status status, int attempts, String error, Instant createdAt, Instant lastFailedAt, Instant replayedAt,
            Instant discardedAt, JsonNode event) {
    }

    public record DeadLetterPage(List<DeadLetterView> items, int page, int size, long total) {
    }

    public record ReplayCount(String consumer, int replayed, int failed) {
    }

    @Inject
    CamelContext camel;

    @Inject
    ProducerTemplate producer;

    @Inject
    MeterRegistry registry;

    @Inject
    ConsumerRetryConfig retry;

    private static final Sort NEWEST_FIRST = Sort.by("createdAt").descending().and("id");

    private final Map<String, AtomicLong> parkedGauges = new ConcurrentHashMap<>();

    /** The entry of consumer {@code consumer}: where its source route and a replay send an event. */
    public static String entry(String consumer) {
        return "direct:" + entryRouteId(consumer);
    }

    public static String entryRouteId(String consumer) {
        return consumer + "-apply";
    }

    /**
     * Consumer {@code consumer}'s routes: one from {@code source} to its entry, under the consumers' failure path,
     * and the entry, which reads each CloudEvent; the caller adds what the consumer does with it.
     */
    public static RouteDefinition consumer(RouteBuilder routes, String consumer, String source) {
        routes.from(source).routeId(consumer).routeConfigurationId(CONSUMERS).to(entry(consumer));
        return entryRoute(routes, consumer).bean("cloudEvents", "read");
    }

    /**
     * Consumer {@code consumer} run on {@code lanes} threads: its route reads {@code source} in order and hands each
     * event to the lane of its aggregate (the record key the relay sets), so one aggregate's events keep their order
     * on one lane while different aggregates' run side by side. Each lane retries and parks as the consumer's route
     * would, in the consumer's name. The lanes are in-memory queues: only for an in-memory source (seda), where a
     * crash loses the queue anyway. A Kafka source's lanes are its partitions: {@code lanes} consumers of the group on
     * this instance, each handling its partitions' events in order before their offsets move on. One lane is the
     * plain consumer.
     */
    public static RouteDefinition consumer(RouteBuilder routes, String consumer, String source, int lanes) {
        String endpoint = routes.getContext().resolvePropertyPlaceholders(source);
        if (endpoint.startsWith("kafka:") && lanes > 1 && !endpoint.contains("consumersCount=")) {
            return consumer(routes, consumer, endpoint + (endpoint.contains("?") ? "&" : "?") + "consumersCount=" + lanes);
        }
        if (lanes <= 1 || endpoint.startsWith("kafka:")) {
            return consumer(routes, consumer, source);
        }
        routes.from(source).routeId(consumer).routeConfigurationId(CONSUMERS)
                .process(e -> e.setProperty(LANE, lane(e.getMessage().getHeader(KafkaConstants.KEY, String.class),
                        lanes)))
                // A full lane holds the source back rather than refusing the event.
                .toD("seda:" + consumer + "-lane-${exchangeProperty." + LANE + "}?blockWhenFull=true");
        for (int lane = 0; lane < lanes; lane++) {
            routes.from("seda:" + consumer + "-lane-" + lane).routeId(consumer + "-lane-" + lane)
                    .routeConfigurationId(CONSUMERS)
                    .process(e -> e.setProperty(CONSUMER, consumer))
                    .to(entry(consumer));
        }
        return entryRoute(routes, consumer).bean("cloudEvents", "read");
    }

    /** The lane of an aggregate: always the same one for the same key (events without a key share lane 0). */
    static int lane(String key, int lanes) {
        return key == null ? 0 : Math.floorMod(key.hashCode(), lanes);
    }

    /** The entry route of consumer {@code consumer}, with no error handler: its failures go back to the caller. */
    public static RouteDefinition entryRoute(RouteBuilder routes, String consumer) {
        return routes.from(entry(consumer)).routeId(entryRouteId(consumer)).routeConfigurationId(ENTRIES);
    }

    /** Parks the failed exchange (its original message): a second failure of a parked event adds its attempts. */
    public void park(Exchange e) {
        Integer redeliveries = e.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        String consumer = e.getProperty(CONSUMER, e.getFromRouteId(), String.class);
        park(consumer, e.getMessage().getBody(String.class),
                describe(e.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)),
                redeliveries == null ? retry.maxRedeliveries() + 1 : redeliveries + 1);
    }

    /** Parks {@code payload} (a CloudEvent's JSON) for work that fails outside a consumer route (the relay). */
    public void park(String consumer, String payload, String error, int attempts) {
        JsonNode event = parse(payload);
        Instant now = Time.now();
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                insert into dead_letters (id, consumer, event_id, event_type, subject, payload, error, attempts,
                                          created_at, last_failed_at, status)
                values (:id, :consumer, :eventId, :type, :subject, :payload, :error, :attempts, :now, :now, 'PARKED')
                on conflict (consumer, event_id) where status = 'PARKED' do update
                set attempts = dead_letters.attempts + excluded.attempts, error = excluded.error,
                    last_failed_at = excluded.last_failed_at""")
                .setParameter("id", UUID.randomUUID())
                .setParameter("consumer", consumer)
                .setParameter("eventId", text(event, 200, "id"))
                .setParameter("type", text(event, 200, "type"))
                .setParameter("subject", text(event, 200, "subject", "subjectId"))
                .setParameter("payload", payload == null ? "" : payload)
                .setParameter("error", error)
                .setParameter("attempts", attempts)
                .setParameter("now", now)
                .executeUpdate());
        LOG.errorf("Consumer %s gave up on event %s after %d tries (%s); it is parked at GET /admin/dead-letters",
                consumer, text(event, 200, "id"), attempts, error);
        refreshGauges();
    }

    public DeadLetterPage list(String consumer, Status status, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<String> where = new ArrayList<>();
            Parameters params = new Parameters();
            if (consumer != null) {
                where.add("consumer = :consumer");
                params.and("consumer", consumer);
            }
            if (status != null) {
                where.add("status = :status");
                params.and("status", status);
            }
            var query = DeadLetter.<DeadLetter>find(String.join(" and ", where), NEWEST_FIRST, params);
            List<DeadLetterView> items = query.page(Page.of(page, size)).list().stream().map(this::view).toList();
            return new DeadLetterPage(items, page, size, query.count());
        });
    }

    /** Parked dead letters of these consumers, newest first. */
    public List<DeadLetterView> parked(Collection<String> consumers, int page, int size) {
        return QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>find(
                "consumer in ?1 and status = ?2", NEWEST_FIRST, consumers, Status.PARKED)
                .page(Page.of(page, size)).list().stream().map(this::view).toList());
    }

    public long countParked(Collection<String> consumers) {
        return QuarkusTransaction.requiringNew().call(() -> DeadLetter.count("consumer in ?1 and status = ?2",
                consumers, Status.PARKED));
    }

    /**
     * Runs the parked event through its consumer's entry once more. Success: REPLAYED. Failure: still PARKED with one
     * more attempt, answered 502. A row not PARKED is a 409; two replays at once may both run the consumer, which is
     * idempotent by event id.
     */
    public DeadLetterView replay(UUID id) {
        DeadLetter letter = parked(id);
        if (camel.getRoute(entryRouteId(letter.consumer)) == null) {
            throw new ProblemException(ProblemException.conflict("dead-letter-consumer-unknown",
                    "No consumer " + letter.consumer + " runs in this application").problem()
                    .with("consumer", letter.consumer));
        }
        Throwable failure = run(letter);
        Instant now = Time.now();
        if (failure != null) {
            String error = describe(failure);
            QuarkusTransaction.requiringNew().run(() -> DeadLetter.update(
                    "attempts = attempts + 1, error = ?1, lastFailedAt = ?2 where id = ?3 and status = ?4",
                    error, now, id, Status.PARKED));
            throw new ProblemException(ProblemException.of(502, "dead-letter-replay-failed", "Replay failed",
                    "Consumer " + letter.consumer + " failed again: " + error).problem()
                    .with("consumer", letter.consumer).with("error", error));
        }
        QuarkusTransaction.requiringNew().run(() -> DeadLetter.update(
                "status = ?1, replayedAt = ?2 where id = ?3 and status = ?4", Status.REPLAYED, now, id, Status.PARKED));
        refreshGauges();
        return QuarkusTransaction.requiringNew().call(() -> view(DeadLetter.findById(id)));
    }

    /** Replays every parked event of one consumer, oldest first (the order the consumer would have seen them). */
    public ReplayCount replayAll(String consumer) {
        List<UUID> ids = QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>find(
                "consumer = ?1 and status = ?2", Sort.by("createdAt").and("id"), consumer, Status.PARKED)
                .list().stream().map(d -> d.id).toList());
        int replayed = 0;
        int failed = 0;
        for (UUID id : ids) {
            try {
                replay(id);
                replayed++;
            } catch (ProblemException e) {
                if (e.problem().getStatus() == 502) {
                    failed++;
                } else if (e.problem().getStatus() != 409) {
                    throw e;
                }
                // 409: replayed or discarded by someone else meanwhile, or its consumer is gone; not counted
            }
        }
        return new ReplayCount(consumer, replayed, failed);
    }

    /** Gives up on a parked event for good. */
    public void discard(UUID id) {
        DeadLetter letter = parked(id);
        int changed = QuarkusTransaction.requiringNew().call(() -> DeadLetter.update(
                "status = ?1, discardedAt = ?2 where id = ?3 and status = ?4", Status.DISCARDED, Time.now(), id,
                Status.PARKED));
        if (changed == 0) {
            parked(id);
        }
        refreshGauges();
    }

    /** The {@code dabba_dead_letters_parked} gauge per consumer, from the table (other instances park too). */
    public void refreshGauges() {
        Map<String, Long> counts = new HashMap<>();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                @SuppressWarnings("unchecked")
                List<Object[]> rows = Panache.getEntityManager().createNativeQuery(
                        "select consumer, count(*) from dead_letters where status = 'PARKED' group by consumer")
                        .getResultList();
                rows.forEach(r -> counts.put((String) r[0], ((Number) r[1]).longValue()));
            });
        } catch (RuntimeException e) {
            LOG.warnf("Dead-letter gauges not refreshed: %s", e.getMessage());
            return;
        }
        counts.keySet().forEach(this::gauge);
        parkedGauges.forEach((consumer, value) -> value.set(counts.getOrDefault(consumer, 0L)));
    }

    /** Makes sure the consumer has a gauge (0 until something is parked). */
    public void gauge(String consumer) {
        parkedGauges.computeIfAbsent(consumer, c -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("dabba.dead.letters.parked", value, AtomicLong::get).tag("consumer", c)
                    .description("Events parked in dead_letters, waiting for a replay or a discard")
                    .baseUnit("events").register(registry);
            return value;
        });
    }

    private Throwable run(DeadLetter letter) {
        try {
            Exchange done = producer.send(entry(letter.consumer), ex -> ex.getMessage().setBody(letter.payload));
            return done.getException();
        } catch (CamelExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        }
    }

    /** The dead letter, 404 when there is none and 409 when it is no longer PARKED. */
    private static DeadLetter parked(UUID id) {
        DeadLetter letter = QuarkusTransaction.requiringNew().call(() -> DeadLetter.<DeadLetter>findById(id));
        if (letter == null) {
            throw ProblemException.notFound("Dead letter", id);
        }
        requireParked(letter);
        return letter;
    }

    private static void requireParked(DeadLetter letter) {
        if (letter.status != Status.PARKED) {
            throw new ProblemException(ProblemException.conflict("dead-letter-not-parked",
                    "Dead letter " + letter.id + " is " + letter.status + ", not PARKED").problem()
                    .with("deadLetterStatus", letter.status.name()));
        }
    }

    /** The failure as stored and answered: class and message (URIs' secrets masked), bounded; no stack trace. */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof RuntimeCamelException || t instanceof CamelExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t == null) {
            return "unknown failure";
        }
        String message = t.getMessage() == null ? "" : ": " + URISupport.sanitizeUri(t.getMessage());
        String error = t.getClass().getName() + message;
        return error.length() <= MAX_ERROR ? error : error.substring(0, MAX_ERROR - 1) + "…";
    }

    private DeadLetterView view(DeadLetter d) {
        return new DeadLetterView(d.id, d.consumer, d.eventId, d.eventType, d.subject, d.status, d.attempts, d.error,
                d.createdAt, d.lastFailedAt, d.replayedAt, d.discardedAt, parse(d.payload));
    }

    /** The payload as JSON, or as a string when it is not JSON. */
    private JsonNode parse(String payload) {
        if (payload == null) {
            return null;
        }
        try {
            return CloudEvents.exactDecimals(Json.mapper()).readTree(payload);
        } catch (Exception notJson) {
            return TextNode.valueOf(payload);
        }
    }

    private static String text(JsonNode event, int max, String... fields) {
        if (event == null || !event.isObject()) {
            return null;
        }
        for (String field : fields) {
            JsonNode value = event.path(field);
            if (value.isValueNode() && !value.isNull()) {
                String s = value.asText();
                return s.length() <= max ? s : s.substring(0, max);
            }
        }
        return null;
    }
}
