package org.dabba.notification;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dabba.order.OrderReads;
import org.dabba.platform.security.SocketAccess;

/**
 * Who may open {@code /ws/orders/{orderId}}: the order's customer, nobody else. Without a valid token the handshake
 * never gets here (401 from HTTP security). A token of anyone else, an unknown or malformed order id: 403, no
 * upgrade (the same answer for all, so a socket does not tell which orders exist).
 */
@ApplicationScoped
public class CustomerOrderSocketCheck implements HttpUpgradeCheck {

    @Inject
    OrderReads orders;

    @Override
    public boolean appliesTo(String endpointId) {
        return CustomerOrderSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return SocketAccess.admitIf(context, "orderId", (caller, orderId) ->
                orders.customerOf(orderId).filter(caller.userId()::equals).isPresent());
    }
}
