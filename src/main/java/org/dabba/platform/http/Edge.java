package org.dabba.platform.http;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.rest.openapi.DefaultRestOpenapiProcessorStrategy;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.DataType;
import org.apache.camel.spi.DataTypeAware;
import org.apache.camel.spi.ProducerCache;
import org.apache.camel.support.cache.DefaultProducerCache;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.support.processor.RestBindingAdvice;
import org.dabba.platform.Json;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.error.Problems;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/**
 * The one way into an operation of the contract (openapi/openapi.yaml): the caller's role is checked against its
 * {@code x-roles}, parameters and body against the contract, the body bound to the {@code inputType} of the route
 * {@code direct:<operationId>}, and what the route leaves is answered as JSON: 200, or 204 for none, unless the
 * route set a status. Who may touch whose data stays the services' rule.
 */
@Singleton
public class Edge extends DefaultRestOpenapiProcessorStrategy {

    /** The exchange property naming the contract's operation a request matched; absent when it matched none. */
    static final String OPERATION = "dabba.operation";

    @Inject
    ContractChecks checks;

    private final Map<String, Class<?>> bodyTypes = new ConcurrentHashMap<>();
    private ProducerCache producers;

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        producers = new DefaultProducerCache(this, getCamelContext(), 1000);
        ServiceHelper.initService(producers);
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        ServiceHelper.startService(producers);
    }

    @Override
    protected void doStop() throws Exception {
        ServiceHelper.stopService(producers);
        super.doStop();
    }

    /** Answers 201 with {@code body} and where the new resource is. */
    public static void created(Exchange exchange, String location, Object body) {
        reply(exchange, 201, body);
        exchange.getMessage().setHeader("Location", location);
    }

    /** Answers {@code status} with {@code body} (null: none); a route that leaves a body only is answered 200. */
    public static void reply(Exchange exchange, int status, Object body) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setBody(body);
    }

    /** A query parameter of an enum type, already checked against the contract's values; null when not sent. */
    public static <E extends Enum<E>> E enumParam(Exchange exchange, String name, Class<E> type) {
        String raw = exchange.getMessage().getHeader(name, String.class);
        return raw == null || raw.isBlank() ? null : Enum.valueOf(type, raw.strip().toUpperCase(java.util.Locale.ROOT));
    }

    @Override
    public boolean process(OpenAPI openAPI, Operation operation, String verb, String path, RestBindingAdvice binding,
            Exchange exchange, AsyncCallback callback) {
        String id = operation.getOperationId();
        exchange.setProperty(OPERATION, id);
        Endpoint route = getCamelContext().hasEndpoint("direct:" + id);
        if (route == null) {
            return fail(exchange, new IllegalStateException("No route serves the operation " + id), callback);
        }
        Map<String, Object> request;
        try {
            admit(openAPI, operation, exchange);
            request = new HashMap<>(exchange.getMessage().getHeaders());
        } catch (Exception e) {
            return fail(exchange, e, callback);
        }
        return send(route, exchange, callback, request);
    }

    /** Who may call, and what they sent: 401/403, then one 400 naming every bad parameter and field. */
    private void admit(OpenAPI openAPI, Operation operation, Exchange exchange) {
        Object roles = operation.getExtensions() == null ? null : operation.getExtensions().get("x-roles");
        if (roles instanceof List<?> names && !names.isEmpty()) {
            Caller.requireRole(exchange, names.stream().map(String::valueOf)
                    .map(Role::valueOf).toArray(Role[]::new));
        }
        Class<?> type = bodyType(operation.getOperationId());
        Object body = checks.check(openAPI, operation, exchange, type);
        if (type != null) {
            Message m = exchange.getMessage();
            if (m instanceof DataTypeAware typed) {
                typed.setBody(body, new DataType(type));
            } else {
                m.setBody(body);
            }
        }
    }

    private boolean send(Endpoint endpoint, Exchange exchange, AsyncCallback callback, Map<String, Object> request) {
        AsyncProducer producer;
        try {
            producer = producers.acquireProducer(endpoint);
        } catch (RuntimeException e) {
            return fail(exchange, e, callback);
        }
        return producer.process(exchange, doneSync -> {
            try {
                producers.releaseProducer(endpoint, producer);
                answer(exchange, request);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                callback.done(doneSync);
            }
        });
    }

    /**
     * What the route left becomes the answer: a body that is not yet text is written as JSON; headers that still
     * carry what the request brought are dropped, so that none is echoed back.
     */
    private void answer(Exchange exchange, Map<String, Object> request) {
        if (exchange.getException() != null) {
            return;
        }
        Message m = exchange.getMessage();
        request.forEach((name, value) -> {
            if (m.getHeader(name) == value) {
                m.removeHeader(name);
            }
        });
        Object body = m.getBody();
        Integer status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (body == null) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, status == null ? 204 : status);
        } else if (!(body instanceof String || body instanceof byte[]) || m.getHeader(Exchange.CONTENT_TYPE) == null) {
            m.setHeader(Exchange.HTTP_RESPONSE_CODE, status == null ? 200 : status);
            m.setHeader(Exchange.CONTENT_TYPE, Http.JSON);
            m.setBody(Json.write(body));
        }
    }

    private boolean fail(Exchange exchange, Exception failure, AsyncCallback callback) {
        try {
            Problem problem = Problems.from(failure)
                    .instance(exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class));
            Http.problem(exchange, problem);
            if (failure instanceof ProblemException p) {
                p.headers().forEach(exchange.getMessage()::setHeader);
            }
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        callback.done(true);
        return true;
    }

    /** The record a route declared with {@code inputType}, if any: the body it is given. */
    private Class<?> bodyType(String operationId) {
        Class<?> type = bodyTypes.computeIfAbsent(operationId, id -> {
            for (RouteDefinition route : model().getRouteDefinitions()) {
                if (route.getInputType() != null && ("direct:" + id).equals(route.getInput().getEndpointUri())) {
                    String urn = route.getInputType().getUrn();
                    try {
                        return getCamelContext().getClassResolver()
                                .resolveMandatoryClass(urn.substring(urn.indexOf(':') + 1));
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException("The route of " + id + " declares an unknown type " + urn, e);
                    }
                }
            }
            return Void.class;
        });
        return type == Void.class ? null : type;
    }

    private Model model() {
        return getCamelContext().getCamelContextExtension().getContextPlugin(Model.class);
    }
}
