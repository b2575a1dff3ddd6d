package org.dabba.notification;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.order.OrderReads;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.SocketAccess;

/**
 * Who may open {@code /ws/orders/{orderId}}: the order's customer, nobody else. Without a valid token the handshake
 * never gets here (401 from HTTP security). A token of anyone else, an unknown or malformed order id: 403, no
 * upgrade (the same answer for all, so a socket does not tell which orders exist).
 */
@ApplicationScoped
public class CustomerOrderSocketAccess extends SocketAccess.ForPathId {

    @Inject
    OrderReads orders;

    CustomerOrderSocketAccess() {
        super(CustomerOrderSocket.ID, "orderId");
    }

    @Override
    protected boolean mayConnect(Caller caller, UUID orderId) {
        return orders.customerOf(orderId).filter(caller.userId()::equals).isPresent();
    }
}
