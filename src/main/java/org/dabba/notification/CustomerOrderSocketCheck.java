package org.dabba.notification;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import org.dabba.order.OrderService;
import org.dabba.platform.security.Caller;

/**
 * Who may open {@code /ws/orders/{orderId}}: the order's customer, nobody else. Without a valid token the handshake
 * never gets here (401 from HTTP security). A token of anyone else, an unknown or malformed order id: 403, no
 * upgrade (the same answer for all, so a socket does not tell which orders exist).
 */
@ApplicationScoped
public class CustomerOrderSocketCheck implements HttpUpgradeCheck {

    /** The verified customer, handed to the socket for its snapshot. */
    static final UserData.TypedKey<Caller> CUSTOMER = new UserData.TypedKey<>("dabba.customer");

    @Inject
    OrderService orders;

    @Override
    public boolean appliesTo(String endpointId) {
        return CustomerOrderSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().chain(identity -> {
            Optional<Caller> caller = Caller.of(identity);
            if (caller.isEmpty()) {
                return CheckResult.rejectUpgrade(401);
            }
            UUID orderId;
            try {
                orderId = UUID.fromString(context.pathParam("orderId"));
            } catch (RuntimeException e) {
                return CheckResult.rejectUpgrade(403);
            }
            Caller customer = caller.get();
            // Who placed the order is a database read: off the event loop.
            return Uni.createFrom().item(() -> orders.customerOf(orderId))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .chain(placedBy -> {
                        if (placedBy.filter(customer.userId()::equals).isEmpty()) {
                            return CheckResult.rejectUpgrade(403);
                        }
                        context.userData().put(CUSTOMER, customer);
                        return CheckResult.permitUpgrade();
                    });
        });
    }
}
