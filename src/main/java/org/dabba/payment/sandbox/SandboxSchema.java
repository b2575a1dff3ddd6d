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
 * The sandbox's tables ({@code db/sandbox}) exist only where the sandbox runs: it migrates them itself at start-up
 * (after the exposure guard, before its routes), with its own history, so a database that talks to Stripe never
 * gets them, whatever the profile.
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
