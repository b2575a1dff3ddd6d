package org.dabba.delivery;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.dabba.platform.security.Role;
import org.dabba.platform.security.SocketAccess;

/** Who may open {@code /ws/couriers/me}: couriers. 401 without a valid token, 403 for other roles. */
@ApplicationScoped
public class CourierSocketAccess implements HttpUpgradeCheck {

    @Override
    public boolean appliesTo(String endpointId) {
        return CourierSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return SocketAccess.admitRoles(context, Role.COURIER);
    }
}
