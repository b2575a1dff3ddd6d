package org.dabba.platform.error;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.dabba.platform.http.Http;

/**
 * The one error mapper of every HTTP route (Java or YAML): a failure becomes a problem+json answer.
 * Routes fed by queues are left to their own error handlers (redelivery, dead letter), so this only
 * handles exchanges that came in over HTTP.
 */
@ApplicationScoped
public class ProblemRouteConfiguration extends RouteConfigurationBuilder {

    @Override
    public void configuration() {
        routeConfiguration()
                .onException(Exception.class)
                .onWhen(ProblemRouteConfiguration::cameOverHttp)
                .handled(true)
                .process(this::answer);
    }

    static boolean cameOverHttp(Exchange exchange) {
        if (exchange.getFromEndpoint() == null) {
            return false;
        }
        String uri = exchange.getFromEndpoint().getEndpointUri();
        return uri.startsWith("rest:") || uri.startsWith("rest-openapi:") || uri.startsWith("platform-http:");
    }

    private void answer(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Problem problem = Problems.from(failure).instance(exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
        Http.problem(exchange, problem);
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ProblemException p) {
                p.headers().forEach(exchange.getMessage()::setHeader);
                break;
            }
        }
    }
}
