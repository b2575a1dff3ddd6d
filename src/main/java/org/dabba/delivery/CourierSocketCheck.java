package org.dabba.delivery;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;

/** Who may open {@code /ws/couriers/me}: couriers. 401 without a valid token (HTTP security), 403 for other roles. */
@ApplicationScoped
public class CourierSocketCheck implements HttpUpgradeCheck {

    static final UserData.TypedKey<Caller> COURIER = new UserData.TypedKey<>("dabba.courier");

    @Override
    public boolean appliesTo(String endpointId) {
        return CourierSocket.ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return context.securityIdentity().chain(identity -> {
            Optional<Caller> caller = Caller.of(identity);
            if (caller.isEmpty()) {
                return CheckResult.rejectUpgrade(401);
            }
            if (caller.get().role() != Role.COURIER) {
                return CheckResult.rejectUpgrade(403);
            }
            context.userData().put(COURIER, caller.get());
            return CheckResult.permitUpgrade();
        });
    }
}
