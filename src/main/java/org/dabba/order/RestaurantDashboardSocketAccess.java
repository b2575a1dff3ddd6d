package org.dabba.order;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dabba.platform.security.Role;
import org.dabba.platform.security.SocketAccess;
import org.dabba.restaurant.RestaurantService;

/**
 * Who may open a restaurant's dashboard, at the handshake: its owner. Anyone else gets 401 or 403, the same 403
 * for a restaurant that does not exist, so that existence does not leak.
 */
@ApplicationScoped
public class RestaurantDashboardSocketAccess implements HttpUpgradeCheck {

    @Inject
    RestaurantService restaurants;

    @Override
    public boolean appliesTo(String endpointId) {
        return RestaurantDashboardSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        return SocketAccess.admitIf(context, "restaurantId", (caller, restaurantId) ->
                caller.role() == Role.RESTAURANT_OWNER && restaurants.find(restaurantId)
                        .map(r -> caller.userId().equals(r.ownerId())).orElse(false));
    }
}
