package org.dabba.platform.security;

import io.quarkus.websockets.next.HttpUpgradeCheck;
import io.quarkus.websockets.next.HttpUpgradeCheck.CheckResult;
import io.quarkus.websockets.next.HttpUpgradeCheck.HttpUpgradeContext;
import io.quarkus.websockets.next.UserData;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way a WebSocket handshake decides who may connect to a resource (a restaurant's dashboard, an order's
 * live view, ...), for the {@code HttpUpgradeCheck} of each socket. A refused client gets an HTTP status and no
 * socket: 401 without a valid token, 403 when the rule says no, and 403 too for an id that is malformed or does
 * not exist, so that a socket never tells which resources exist.
 */
public final class SocketAccess {

    /** The admitted caller, kept on the connection for the socket's handlers. */
    public static final UserData.TypedKey<Caller> CALLER = new UserData.TypedKey<>("dabba.caller");

    private SocketAccess() {
    }

    /** Admits a caller with one of {@code roles} (a socket of the caller's own, such as {@code /ws/couriers/me}). */
    public static Uni<CheckResult> admitRoles(HttpUpgradeContext context, Role... roles) {
        return admit(context, caller -> Uni.createFrom().item(Arrays.stream(roles).anyMatch(r -> r == caller.role())));
    }

    /**
     * Admits the caller if {@code mayConnect(caller, id)} holds for the UUID in path parameter {@code pathParam}.
     * The rule may read the database: it runs on a worker thread, and the answer continues on the handshake's
     * event loop.
     */
    private static Uni<CheckResult> admitIf(HttpUpgradeContext context, String pathParam,
            BiPredicate<Caller, UUID> mayConnect) {
        Optional<UUID> id = uuid(context.pathParam(pathParam));
        return admit(context, caller -> id.isEmpty() ? Uni.createFrom().item(false)
                : offEventLoop(() -> mayConnect.test(caller, id.get())));
    }

    /**
     * The handshake check of a socket whose path names what it is about ({@code /ws/orders/{orderId}}): the caller
     * is admitted when {@link #mayConnect} holds for that id.
     */
    public abstract static class ForPathId implements HttpUpgradeCheck {

        private final String endpointId;
        private final String pathParam;

        protected ForPathId(String endpointId, String pathParam) {
            this.endpointId = endpointId;
            this.pathParam = pathParam;
        }

        /** May read the database: it runs off the event loop. */
        protected abstract boolean mayConnect(Caller caller, UUID id);

        @Override
        public boolean appliesTo(String endpointId) {
            return this.endpointId.equals(endpointId);
        }

        @Override
        public Uni<CheckResult> perform(HttpUpgradeContext context) {
            return admitIf(context, pathParam, this::mayConnect);
        }
    }

    /** 401 without a caller, 403 unless {@code rule} admits it; the admitted caller is kept on the connection. */
    private static Uni<CheckResult> admit(HttpUpgradeContext context, Function<Caller, Uni<Boolean>> rule) {
        return context.securityIdentity().chain(identity -> {
            Optional<Caller> caller = Caller.of(identity);
            if (caller.isEmpty()) {
                return CheckResult.rejectUpgrade(401);
            }
            return rule.apply(caller.get()).chain(allowed -> {
                if (!allowed) {
                    return CheckResult.rejectUpgrade(403);
                }
                context.userData().put(CALLER, caller.get());
                return CheckResult.permitUpgrade();
            });
        });
    }

    private static Uni<Boolean> offEventLoop(Supplier<Boolean> work) {
        Context context = Vertx.currentContext();
        if (context == null || !Context.isOnEventLoopThread()) {
            return Uni.createFrom().item(work);
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(work::get, false).toCompletionStage());
    }

    private static Optional<UUID> uuid(String value) {
        try {
            return Optional.of(UUID.fromString(value));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
