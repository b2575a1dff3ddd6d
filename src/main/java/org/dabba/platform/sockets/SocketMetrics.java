package org.dabba.platform.sockets;

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
    }
}
