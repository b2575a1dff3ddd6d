package org.dabba.platform.events;

import io.agroal.api.AgroalDataSource;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dabba.platform.observability.MetricsConfig;
import org.jboss.logging.Logger;

/**
 * The outbox's backlog (rows not yet relayed) and the age of its oldest, and the refunds still owed to customers:
 * read by one cheap query every few seconds in the background, so a scrape only reads the last figures and never
 * waits for, or fails with, PostgreSQL. While the database is away the gauges say NaN (no figure), not zero.
 */
@ApplicationScoped
public class OutboxMetrics {

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    // Partial index outbox_events_unsent keeps both figures cheap however large the relayed history grows.
    private static final String QUERY = """
            select (select count(*) from outbox_events where sent_at is null),
                   (select extract(epoch from now() - min(created_at)) from outbox_events where sent_at is null),
                   (select count(*) from order_refunds)""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    MetricsConfig config;

    private volatile double backlog = Double.NaN;
    private volatile double oldestAgeSeconds = Double.NaN;
    private volatile double refundsPending = Double.NaN;
    private ScheduledExecutorService timer;

    void start(@Observes StartupEvent event) {
        Gauge.builder("dabba.outbox.backlog", this, m -> m.backlog)
                .description("Outbox rows not yet relayed to the event streams").baseUnit("events").register(registry);
        Gauge.builder("dabba.outbox.oldest.unsent.age", this, m -> m.oldestAgeSeconds)
                .description("Age of the oldest outbox row not yet relayed (0 when none is waiting)")
                .baseUnit("seconds").register(registry);
        Gauge.builder("dabba.refunds.pending", this, m -> m.refundsPending)
                .description("Refunds owed to customers that the gateway has not done yet").baseUnit("refunds")
                .register(registry);
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dabba-database-gauges");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::refresh, 0, config.databaseRefresh().toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    void refresh() {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            try (ResultSet r = s.executeQuery(QUERY)) {
                r.next();
                backlog = r.getLong(1);
                double age = r.getDouble(2);
                oldestAgeSeconds = r.wasNull() ? 0 : age;
                refundsPending = r.getLong(3);
            }
        } catch (Exception e) {
            backlog = oldestAgeSeconds = refundsPending = Double.NaN;
            LOG.debugf("Outbox and refund gauges not refreshed: %s", e.getMessage());
        }
    }
}
