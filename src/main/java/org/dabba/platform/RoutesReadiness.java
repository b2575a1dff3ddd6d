package org.dabba.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready means the routes are there: the HTTP server is up a moment before Camel has started (the REST paths would
 * answer 404 meanwhile), so {@code /q/health/ready} stays DOWN until the Camel context is started.
 */
@Readiness
@ApplicationScoped
public class RoutesReadiness implements HealthCheck {

    @Inject
    CamelContext camel;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("dabba-routes").status(camel.isStarted())
                .withData("routes", camel.getRoutesSize()).build();
    }
}
