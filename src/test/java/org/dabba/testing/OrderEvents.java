package org.dabba.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.awaitility.Awaitility;

/**
 * The order events the app published, as a consumer receives them: in %test every order event is also sent to
 * {@code seda:order-events-tests}. One listener per app for every test class: two routes on that queue would
 * compete for its events, each seeing only some.
 */
public final class OrderEvents {

    static final String ROUTE = "test-order-events";
    private static final List<JsonNode> EVENTS = new CopyOnWriteArrayList<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private OrderEvents() {
    }

    /** Starts the listener if this app has none yet (call it before each test). */
    public static synchronized void listen(CamelContext camel) throws Exception {
        if (camel.getRoute(ROUTE) == null) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("seda:order-events-tests").routeId(ROUTE)
                            .process(e -> EVENTS.add(JSON.readTree(e.getMessage().getBody(String.class))));
                }
            });
        }
    }

    /** The events of one order (its CloudEvents, subject = the order id), in the order they came. */
    public static List<JsonNode> of(String orderId) {
        return EVENTS.stream().filter(e -> e.path("subject").asText().equals(orderId)).toList();
    }

    public static Optional<JsonNode> find(String orderId, String type) {
        return of(orderId).stream().filter(e -> e.path("type").asText().equals(type)).findFirst();
    }

    /** The order's first event of {@code type}, waiting for it up to 15 s. */
    public static JsonNode await(String orderId, String type) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50))
                .until(() -> find(orderId, type).isPresent());
        return find(orderId, type).orElseThrow();
    }
}
