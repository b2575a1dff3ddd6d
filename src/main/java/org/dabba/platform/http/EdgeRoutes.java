package org.dabba.platform.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.StartupListener;
import org.apache.camel.spi.CamelInternalProcessorAdvice;
import org.apache.camel.spi.InternalProcessor;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.rest.openapi.RestOpenApiComponent;
import org.apache.camel.model.RouteDefinition;
import org.dabba.platform.error.HttpProblemHandlers;
import org.dabba.platform.error.Problem;

/**
 * Binds the contract to the routes: each operation of openapi/openapi.yaml is served by the route
 * {@code direct:<operationId>}, through {@link Edge}. The contract's route takes every path, so it starts last:
 * other platform-http routes (the payment sandbox) are matched before it.
 */
@ApplicationScoped
public class EdgeRoutes extends RouteBuilder {

    public static final String CONTRACT = "openapi/openapi.yaml";
    static final String ROUTE_ID = "edge";

    /** After every route without an explicit order (Camel numbers those from 1000). */
    static final int LAST = 1_000_000;

    @Inject
    Edge edge;

    @Override
    public void configure() throws Exception {
        edge.setCamelContext(getContext());
        getContext().getComponent("rest-openapi", RestOpenApiComponent.class).setRestOpenapiProcessorStrategy(edge);
        rest().openApi().specification(CONTRACT).missingOperation("ignore").routeId(ROUTE_ID);
        getContext().addStartupListener(new StartupListener() {
            @Override
            public void onCamelContextStarted(CamelContext context, boolean alreadyStarted) {
                // the consumer's processor exists once the route has started
            }

            @Override
            public void onCamelContextFullyStarted(CamelContext context, boolean alreadyStarted) {
                ((InternalProcessor) context.getRoute(ROUTE_ID).getProcessor()).addAdvice(new NotInContract());
            }
        });
    }

    @Override
    protected void populateRests() throws Exception {
        super.populateRests();
        for (RouteDefinition route : getRouteCollection().getRoutes()) {
            if (route.getInput().getEndpointUri().startsWith("rest-openapi:")) {
                route.startupOrder(LAST);
            }
        }
    }

    /**
     * A path or method the contract does not have is answered by Camel with a 404 or 405 before any route runs,
     * with the request's own body still in place (bytes, or the parsed form of a form post): it becomes the problem
     * the HTTP layer answers for those elsewhere, and nothing the caller sent is echoed back.
     */
    final class NotInContract implements CamelInternalProcessorAdvice<Object> {

        @Override
        public Object before(Exchange exchange) {
            return null;
        }

        @Override
        public void after(Exchange e, Object data) throws Exception {
            Message m = e.getMessage();
            Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            if (status == null || (status != 404 && status != 405) || e.getProperty(Edge.OPERATION) != null) {
                return;
            }
            String path = m.getHeader(Exchange.HTTP_PATH, String.class);
            String allow = m.getHeader("Allow", String.class);
            Problem problem = status == 404 ? HttpProblemHandlers.notFound(path)
                    : HttpProblemHandlers.methodNotAllowed(m.getHeader(Exchange.HTTP_METHOD, String.class), path);
            Http.problem(e, problem.instance(path));
            if (allow != null) {
                m.setHeader("Allow", allow);
            }
        }
    }
}
