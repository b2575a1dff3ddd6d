package org.dabba.platform.sockets;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.websockets.next.OpenConnections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;

/** Sockets open on this instance, by who holds them: customers following an order, restaurants, couriers. */
@ApplicationScoped
public class SocketMetrics {

    /** The sockets' endpoint ids, which name their kind. */
    static final List<String> KINDS = List.of("customer-order", "restaurant-dashboard", "courier");

    @Inject
    OpenConnections connections;

    @Inject
    MeterRegistry registry;

    void register(@Observes StartupEvent event) {
        KINDS.forEach(kind -> Gauge.builder("dabba.sockets.open", connections,
                        open -> open.findByEndpointId(kind).size())
                .tag("kind", kind).description("WebSockets open on this instance").baseUnit("sockets")
                .register(registry));
        // The counters of slow readers and paced senders exist at zero before the first socket, for the dashboard
        // (registering again returns the same counter to SocketWrites and InboundPacing).
        Counter.builder("dabba.sockets.slow-readers")
                .description("Sockets closed because they read slower than they were sent to").register(registry);
        Counter.builder("dabba.sockets.unsent")
                .description("Socket messages not written because their reader was too slow").register(registry);
        Counter.builder("dabba.sockets.paused")
                .description("Times a socket's reading was paused for sending too many messages a second")
                .register(registry);
    }
}
