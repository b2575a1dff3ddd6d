package org.dabba.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Camel's own checks (its context, routes and consumers) decide readiness, but Camel registers them about a second
 * after the HTTP server is up; until then only the datasource check exists and readiness would say UP while every
 * route answers 404. This covers that second: DOWN until the Camel context has started.
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
