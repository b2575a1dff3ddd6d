package org.dabba.order;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.dabba.platform.security.Role;
import org.dabba.platform.security.SocketAccess;
import org.dabba.restaurant.RestaurantService;

/**
 * Who may open a restaurant's dashboard: its owner, nobody else. Checked at the handshake, so anyone else gets an
 * HTTP status and no socket: 401 without a valid token (the HTTP permission on {@code /ws/*} already answers it),
 * 403 for another owner, any other role, and a restaurant that does not exist or an id that is not one (the
 * same answer, so that existence does not leak).
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
