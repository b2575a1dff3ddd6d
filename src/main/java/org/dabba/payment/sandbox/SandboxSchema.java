package org.dabba.payment.sandbox;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.dabba.payment.PaymentsConfig;
import org.flywaydb.core.Flyway;

/**
 * The sandbox's tables ({@code db/sandbox}) exist only where the sandbox runs: it migrates them itself at start-up,
 * with a history of its own ({@code sandbox_schema_history}), when {@code dabba.payments.gateway=sandbox}. So the
 * main migrations ({@code db/migration}) never give a database that talks to Stripe tables it would not use,
 * whatever the profile (a prod-built jar also runs the zero-config default, and tests run prod with the sandbox).
 *
 * <p>After the exposure guard, before Camel serves the sandbox's routes or delivers its webhooks.
 */
@ApplicationScoped
public class SandboxSchema {

    static final String LOCATION = "classpath:db/sandbox";
    static final String HISTORY = "sandbox_schema_history";

    @Inject
    PaymentsConfig config;

    @Inject
    DataSource dataSource;

    void onStart(@Observes @Priority(2) StartupEvent start) {
        if (config.gateway() != PaymentsConfig.Gateway.SANDBOX) {
            return;
        }
        Flyway.configure(SandboxSchema.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY)
                // The schema already holds the main tables: start this history empty, below V1.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate();
    }
}
