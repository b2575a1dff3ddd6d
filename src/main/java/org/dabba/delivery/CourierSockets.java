package org.dabba.delivery;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.dabba.platform.sockets.RelayedSockets;
import org.dabba.platform.sockets.SocketRelay;

/**
 * The couriers' sockets ({@code /ws/couriers/me}), by courier. Matching may run on another instance than the one
 * holding the socket, so offers go everywhere; a courier without a socket sees no offer, which simply runs out.
 */
@Singleton
public class CourierSockets extends RelayedSockets {

    @Inject
    CourierSockets(SocketRelay relay) {
        super(relay, "courier");
    }
}
