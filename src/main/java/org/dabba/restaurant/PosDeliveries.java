package org.dabba.restaurant;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.util.ObjectHelper;
import org.dabba.platform.Time;
import org.dabba.platform.jobs.Backoff;
import org.dabba.platform.jobs.Leases;
import org.jboss.logging.Logger;

/**
 * The sending side of POS deliveries, for the {@code restaurant-pos-delivery} route: claims due deliveries in a
 * short transaction (leased, so several instances never send the same attempt and no transaction is open during
 * the HTTP call), prepares each for the {@code dabba-pos-webhook-sink} kamelet, and records the outcome.
 *
 * <p>Only the oldest pending delivery of an order (per integration) is ever due, so one order's events reach the
 * POS in the order they were recorded while that order's head delivery is PENDING; a DEAD one no longer holds
 * the others back.
 */
@ApplicationScoped
public class PosDeliveries {

    private static final Logger LOG = Logger.getLogger(PosDeliveries.class);

    /** The exchange property the route keeps the claimed {@link Due} in. */
    public static final String DUE = "dabbaPosDelivery";
    /** Exchange properties the kamelet's url and secret are read from (properties never travel as HTTP headers). */
    public static final String URL_PROPERTY = "dabbaPosUrl";
    public static final String SECRET_PROPERTY = "dabbaPosSecret";
    /** Message headers the kamelet turns into {@code Dabba-Event-Id} and {@code Dabba-Event-Type}. */
    public static final String EVENT_ID_HEADER = "DabbaEventId";
    public static final String EVENT_TYPE_HEADER = "DabbaEventType";

    private static final int MAX_ERROR = 1000;

    @Inject
    PosConfig config;

    /** A claimed delivery and where it goes. The secret stays out of {@link #toString()} (logs). */
    public record Due(UUID id, String eventId, String eventType, String payload, int attempts, String url,
            String secret) {

        @Override
        public String toString() {
            return "PosDelivery[" + id + ", " + eventType + " " + eventId + ", attempt " + (attempts + 1) + "]";
        }
    }

    /** Forgets DELIVERED deliveries older than the retention; PENDING and DEAD ones stay (the owner acts on them). */
    public long purgeDelivered() {
        Instant before = Time.now().minus(config.retention());
        return QuarkusTransaction.requiringNew().call(() ->
                PosDelivery.delete("status = ?1 and deliveredAt < ?2", PosDelivery.Status.DELIVERED, before));
    }

    /** The due deliveries, each leased until its call must be over (then it is due again, should this instance die). */
    public List<Due> claimDue() {
        return Leases.claim(new Leases.Claim<>("pos_deliveries", "id", "next_attempt_at", """
                select d.id, d.event_id, d.event_type, d.payload, d.attempts, i.url, i.secret
                from pos_deliveries d join pos_integrations i on i.id = d.integration_id
                where d.status = 'PENDING' and d.next_attempt_at <= :now
                  and not exists (select 1 from pos_deliveries earlier
                                  where earlier.integration_id = d.integration_id
                                    and earlier.order_id = d.order_id
                                    and earlier.status = 'PENDING' and earlier.seq < d.seq)
                order by d.next_attempt_at, d.seq
                limit :limit
                for update of d skip locked""", Map.of(), config.batchSize(), lease(), null,
                r -> new Due((UUID) r[0], (String) r[1], (String) r[2], (String) r[3], ((Number) r[4]).intValue(),
                        (String) r[5], (String) r[6])));
    }

    /** The body and what the kamelet needs, from the claimed delivery in {@link #DUE}. */
    public void prepare(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        if (!config.allowPrivateAddresses()) {
            // The name may resolve elsewhere than at registration: a failed attempt, retried like any other.
            PosAddresses.refusal(URI.create(due.url())).ifPresent(why -> {
                throw new IllegalStateException("Not sent: the POS URL " + why);
            });
        }
        exchange.setProperty(URL_PROPERTY, due.url());
        exchange.setProperty(SECRET_PROPERTY, due.secret());
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader(EVENT_ID_HEADER, due.eventId());
        message.setHeader(EVENT_TYPE_HEADER, due.eventType());
        message.setBody(due.payload().getBytes(StandardCharsets.UTF_8));
    }

    /** The POS answered 2xx. */
    public void delivered(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        record(due, PosDelivery.Status.DELIVERED, exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE,
                Integer.class), null, Time.now(), null);
    }

    /** The POS answered otherwise, or could not be reached: retried after a backoff, or DEAD after the last attempt. */
    public void failed(Exchange exchange) {
        Due due = exchange.getProperty(DUE, Due.class);
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        HttpOperationFailedException answered = ObjectHelper.getException(HttpOperationFailedException.class, failure);
        Integer status = answered == null ? null : answered.getStatusCode();
        String error = Leases.truncate(answered != null ? describe(answered)
                : failure == null ? null : failure.getClass().getSimpleName() + ": " + failure.getMessage(), MAX_ERROR);
        int attempts = due.attempts() + 1;
        boolean dead = attempts >= config.maxAttempts();
        Instant next = dead ? null : backoff().next(Time.now(), attempts);
        record(due, dead ? PosDelivery.Status.DEAD : PosDelivery.Status.PENDING, status, error, null, next);
        if (dead) {
            LOG.warnf("%s is DEAD after %d attempts: %s", due, attempts, error);
        } else {
            LOG.infof("%s failed (%s); next attempt at %s", due, error, next);
        }
    }

    /** The claimed attempt's outcome, unless the delivery moved on meanwhile (claimed again after its lease). */
    private static void record(Due due, PosDelivery.Status state, Integer status, String error, Instant deliveredAt,
            Instant next) {
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                update pos_deliveries set status = :state, attempts = :attempts, last_status_code = :status,
                    last_error = :error, delivered_at = :delivered, next_attempt_at = :next
                where id = :id and status = 'PENDING' and attempts = :claimed""")
                .setParameter("state", state.name())
                .setParameter("attempts", due.attempts() + 1)
                .setParameter("status", status)
                .setParameter("error", error)
                .setParameter("delivered", deliveredAt)
                .setParameter("next", next)
                .setParameter("id", due.id())
                .setParameter("claimed", due.attempts())
                .executeUpdate());
    }

    Backoff backoff() {
        return new Backoff(config.retryDelay(), config.retryMaxDelay());
    }

    /** Long enough for one call at its worst (waiting for a connection, connecting, the answer) plus slack. */
    Duration lease() {
        return config.timeout().multipliedBy(3).plusSeconds(5);
    }

    private static String describe(HttpOperationFailedException answered) {
        String body = answered.getResponseBody();
        return "HTTP " + answered.getStatusCode() + (body == null || body.isBlank() ? "" : ": " + body.strip());
    }
}
