package org.dabba.order;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.platform.security.SocketAccess;
import org.dabba.restaurant.RestaurantService;

/**
 * Who may open a restaurant's dashboard, at the handshake: its owner. Anyone else gets 401 or 403, the same 403
 * for a restaurant that does not exist, so that existence does not leak.
 */
@ApplicationScoped
public class RestaurantDashboardSocketAccess extends SocketAccess.ForPathId {

    @Inject
    RestaurantService restaurants;

    RestaurantDashboardSocketAccess() {
        super(RestaurantDashboardSocket.ENDPOINT_ID, "restaurantId");
    }

    @Override
    protected boolean mayConnect(Caller caller, UUID restaurantId) {
        return caller.role() == Role.RESTAURANT_OWNER && restaurants.find(restaurantId)
                .map(r -> caller.userId().equals(r.ownerId())).orElse(false);
    }
}
