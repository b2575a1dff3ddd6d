package org.dabba.cart;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.impl.types.ErrorType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.platform.RedisScript;
import org.dabba.platform.Time;
import org.dabba.platform.error.ProblemException;
import org.jboss.logging.Logger;

/**
 * Carts in Redis: one JSON value per user and an index from cart id to user, both with the cart's TTL. Every
 * change is one atomic run of {@code redis/cart.lua}. A call waits at most {@code dabba.cart.redis-timeout}, then
 * is a 503; should it still run later, it applies whole, and PUT being idempotent, the client's retry is safe.
 */
@ApplicationScoped
class CartStore {

    private static final Logger LOG = Logger.getLogger(CartStore.class);

    static final String USER_KEY_PREFIX = "dabba:cart:user:";
    static final String ID_KEY_PREFIX = "dabba:cart:id:";

    private final ReactiveRedisDataSource redis;
    private final CartConfig config;
    private final RedisScript script = new RedisScript("/redis/cart.lua");

    @Inject
    CartStore(ReactiveRedisDataSource redis, CartConfig config) {
        this.redis = redis;
        this.config = config;
    }

    static String userKey(UUID userId) {
        return USER_KEY_PREFIX + userId;
    }

    static String idKey(UUID cartId) {
        return ID_KEY_PREFIX + cartId;
    }

    /** The JSON of the user's cart, if there is one. */
    Optional<String> read(UUID userId) {
        return Optional.ofNullable(call(Command.GET, userKey(userId))).map(Response::toString);
    }

    /** Whose cart this is, if it lives. */
    Optional<UUID> ownerOf(UUID cartId) {
        return Optional.ofNullable(call(Command.GET, idKey(cartId))).map(r -> UUID.fromString(r.toString()));
    }

    /** Runs one operation of the script on the user's cart: its outcome first, then what the outcome carries. */
    List<String> run(UUID userId, String operation, String... arguments) {
        return runConfirming(userId, null, operation, arguments);
    }

    /**
     * The same; with a {@code menuKey}, the script first checks that this Redis string still holds the menu
     * generation the operation was built on (its last argument), else answers {@code stale} and changes nothing.
     */
    List<String> runConfirming(UUID userId, String menuKey, String operation, String... arguments) {
        List<String> args = new ArrayList<>(List.of(operation, Time.now().toString(),
                String.valueOf(config.ttl().toMillis()), ID_KEY_PREFIX));
        args.addAll(Arrays.asList(arguments));
        List<String> keys = menuKey == null ? List.of(userKey(userId)) : List.of(userKey(userId), menuKey);
        Response answer = await(Command.EVALSHA, script.run(redis, keys, args));
        List<String> outcome = new ArrayList<>(answer.size());
        for (int i = 0; i < answer.size(); i++) {
            outcome.add(answer.get(i).toString());
        }
        return outcome;
    }

    private Response call(Command command, String... args) {
        return await(command, redis.execute(command, args));
    }

    private Response await(Command command, Uni<Response> call) {
        try {
            return call.await().atMost(config.redisTimeout());
        } catch (RuntimeException e) {
            ErrorType reply = errorReply(e);
            if (reply != null) {
                // Redis answered, with an error: a bug here, not an outage.
                throw new IllegalStateException("Redis refused " + command + ": " + reply, e);
            }
            LOG.warnf("Carts unavailable: Redis did not answer %s (%s)", command, e.toString());
            throw ProblemException.of(503, "cart-unavailable", "Carts unavailable",
                    "Carts cannot be reached right now; try again in a moment (repeating the request is safe)");
        }
    }

    private static ErrorType errorReply(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ErrorType reply) {
                return reply;
            }
        }
        return null;
    }
}
