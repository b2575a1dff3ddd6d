package org.dabba.platform.local;

import io.quarkus.flyway.FlywayConfigurationCustomizer;
import jakarta.inject.Singleton;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * The zero-config default starts the embedded PostgreSQL beside the app's boot rather than before it: the schema
 * migration, the first thing at start-up to use the database, waits here until that server is up. Nothing to wait
 * for when the database is the operator's.
 */
@Singleton
public class EmbeddedPostgresGate implements FlywayConfigurationCustomizer {

    @Override
    public void customize(FluentConfiguration configuration) {
        LocalInfrastructure.awaitEmbeddedPostgres();
    }
}
