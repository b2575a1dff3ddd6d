package org.dabba.order;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.dabba.platform.security.Caller;
import org.dabba.platform.security.Role;
import org.dabba.restaurant.RestaurantService;

/**
 * Who may open a restaurant's dashboard: its owner, nobody else. Checked at the handshake, so anyone else gets an
 * HTTP status and no socket: 401 without a valid token (the HTTP permission on {@code /ws/*} already answers it),
 * 403 for another owner, any other role, and a restaurant that does not exist or an id that is not one (the
 * same answer, so that existence does not leak).
 */
@ApplicationScoped
public class RestaurantDashboardAccess implements HttpUpgradeCheck {

    @Inject
    RestaurantService restaurants;

    @Override
    public boolean appliesTo(String endpointId) {
        return RestaurantDashboardSocket.ENDPOINT_ID.equals(endpointId);
    }

    @Override
    public Uni<CheckResult> perform(HttpUpgradeContext context) {
        Optional<UUID> restaurantId = uuid(context.pathParam("restaurantId"));
        return context.securityIdentity().onItem().transformToUni(identity -> {
            Optional<Caller> caller = Caller.of(identity);
            if (caller.isEmpty()) {
                return CheckResult.rejectUpgrade(401);
            }
            if (caller.get().role() != Role.RESTAURANT_OWNER || restaurantId.isEmpty()) {
                return CheckResult.rejectUpgrade(403);
            }
            UUID owner = caller.get().userId();
            return offEventLoop(() -> restaurants.find(restaurantId.get())
                    .map(r -> owner.equals(r.ownerId())).orElse(false))
                    .map(owns -> owns ? CheckResult.permitUpgradeSync() : CheckResult.rejectUpgradeSync(403));
        });
    }

    /** Runs the (database) work on a worker thread and continues on the handshake's event loop. */
    private static <T> Uni<T> offEventLoop(Callable<T> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work, false).toCompletionStage());
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
