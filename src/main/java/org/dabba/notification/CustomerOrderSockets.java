package org.dabba.notification;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.dabba.platform.sockets.RelayedSockets;
import org.dabba.platform.sockets.SocketRelay;

/**
 * The customers' open order sockets ({@code /ws/orders/{orderId}}), by order. Order events reach every instance, so
 * their pushes go to the sockets here; the courier's {@code courier.location} starts on one instance and goes
 * everywhere. Every message is a JSON object with a {@code type}.
 */
@Singleton
public class CustomerOrderSockets extends RelayedSockets {

    @Inject
    CustomerOrderSockets(SocketRelay relay) {
        super(relay, "order");
    }
}
