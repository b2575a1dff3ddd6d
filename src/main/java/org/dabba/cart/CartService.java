package org.dabba.cart;

import static org.dabba.platform.Text.blankToNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.cart.CartBodies.PutItemRequest;
import org.dabba.menu.MenuBodies.MenuItemView;
import org.dabba.menu.MenuBodies.PublicItem;
import org.dabba.menu.MenuCache.Current;
import org.dabba.menu.MenuService;
import org.dabba.platform.Json;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;
import org.dabba.restaurant.RestaurantService;
import org.jboss.logging.Logger;

/**
 * Carts: a customer has at most one, of one restaurant, in Redis; another user's cart id is a 404. Each add is
 * checked against the live menu, the opening hours and the ONLINE switch, then applied by one atomic script
 * ({@link CartStore}). Checkout locks the cart (a change is then a 409 {@code cart-locked}), unlocks or clears it.
 * A lock older than {@code dabba.cart.lock-timeout} that the customer meets is looked into ({@link CartCheckouts}):
 * unlocked with no live order behind it, cleared with a paid one; so a lost unlock or clear costs the customer at
 * most that long, never the cart's whole TTL.
 */
@ApplicationScoped
public class CartService {

    private static final Logger LOG = Logger.getLogger(CartService.class);
    /** Adds that confirm the dish against the menu before the last, unconfirmed one (menus rarely change twice). */
    private static final int MENU_CONFIRMATIONS = 3;

    /** The cart after a PUT, and whether that PUT created it. */
    public record Put(Cart cart, boolean created) {
    }

    @Inject
    CartStore store;

    @Inject
    MenuService menu;

    @Inject
    RestaurantService restaurants;

    @Inject
    CartConfig config;

    @Inject
    CartCheckouts checkouts;

    /** Sets the line of this dish and instructions to the quantity, at the dish's current name and price. */
    public Put put(Caller customer, PutItemRequest request) {
        if (request.userId() != null && !request.userId().equals(customer.userId())) {
            throw ProblemException.forbidden("userId must be your own (or left out): a cart belongs to its caller");
        }
        UUID restaurantId = request.restaurantId();
        boolean replace = Boolean.TRUE.equals(request.replaceCart());
        // The dish as this instance last saw it; the script writes only if the menu has not changed since (on any
        // instance), so an add costs one round trip to Redis. A refusal is never based on what memory says.
        Current<PublicItem> dish = menu.currentPublicItem(restaurantId, request.itemId(), true);
        for (int attempt = 1; ; attempt++) {
            CartLine line;
            try {
                line = line(restaurantId, dish.value(), request);
            } catch (ProblemException refusal) {
                if (!dish.remembered()) {
                    throw refusal;
                }
                dish = menu.currentPublicItem(restaurantId, request.itemId(), false);
                continue;
            }
            // After a few menu changes in a row, the line just read is written unconfirmed, as a read-then-write.
            String menuKey = attempt <= MENU_CONFIRMATIONS ? dish.generationKey() : null;
            List<String> answer = runConfirming(customer.userId(), menuKey, "put", customer.userId().toString(),
                    restaurantId.toString(), UUID.randomUUID().toString(), config.currency(), replace ? "1" : "0",
                    Json.write(line), String.valueOf(config.maxLines()), menuKey == null ? "" : dish.generation());
            if (answer.get(0).equals("stale")) {
                dish = menu.currentPublicItem(restaurantId, request.itemId(), false);
                continue;
            }
            return put(answer);
        }
    }

    /** The cart's line for this dish, or why it cannot be added: closed (409), not on the menu (404), gone (410). */
    private CartLine line(UUID restaurantId, PublicItem dish, PutItemRequest request) {
        // Outside its hours (409 with when it opens) or OFFLINE: closed.
        restaurants.refuseUnlessTakingOrders(restaurantId, dish.restaurantOnline(), dish.hours());
        MenuItemView item = dish.dish().orElseThrow(() -> ProblemException.notFound("Menu item", request.itemId()));
        if (!item.isAvailable()) {
            throw ProblemException.of(410, "item-out-of-stock", "Gone",
                    item.name() + " (" + item.id() + ") is out of stock");
        }
        return new CartLine(item.id(), item.name(), item.price().setScale(2),
                request.quantity().intValueExact(), blankToNull(request.specialInstructions()));
    }

    private Put put(List<String> answer) {
        return switch (answer.get(0)) {
            case "created" -> new Put(cart(answer.get(1)), true);
            case "updated", "unchanged" -> new Put(cart(answer.get(1)), false);
            case "locked" -> throw locked(answer.get(1));
            case "conflict" -> throw new ProblemException(new Problem("cart-restaurant-conflict", "Conflict", 409,
                    "Your cart " + answer.get(1) + " holds dishes of another restaurant (" + answer.get(2)
                            + "); send replaceCart: true to clear it and start a cart here, or keep it", null)
                    .with("cartId", UUID.fromString(answer.get(1)))
                    .with("restaurantId", UUID.fromString(answer.get(2))));
            case "full" -> throw ProblemException.conflict("cart-full",
                    "A cart holds at most " + config.maxLines() + " different lines");
            default -> throw unexpected(answer);
        };
    }

    /** The caller's cart; 404 when they have none. */
    public Cart mine(Caller customer) {
        return read(customer.userId())
                .orElseThrow(() -> ProblemException.of(404, "not-found", "Not found", "You have no cart"));
    }

    /** The caller's cart by its id; 404 for any other id, another user's cart included. */
    public Cart get(Caller customer, UUID cartId) {
        return read(customer.userId()).filter(c -> c.cartId().equals(cartId))
                .orElseThrow(() -> notFound(cartId));
    }

    /** Removes a dish's lines (only the one with {@code specialInstructions} if given); empty once the cart is gone. */
    public Optional<Cart> removeItem(Caller customer, UUID cartId, UUID itemId, String specialInstructions) {
        List<String> answer = specialInstructions == null
                ? run(customer.userId(), "remove", cartId.toString(), itemId.toString())
                : run(customer.userId(), "remove", cartId.toString(), itemId.toString(),
                        specialInstructions.strip());
        return switch (answer.get(0)) {
            case "updated" -> Optional.of(cart(answer.get(1)));
            case "deleted" -> Optional.empty();
            case "no-line" -> throw ProblemException.of(404, "not-found", "Not found",
                    "Menu item " + itemId + " is not in cart " + cartId
                            + (specialInstructions == null ? "" : " with these instructions"));
            default -> throw common(answer, cartId);
        };
    }

    /** The customer empties their cart; refused while checkout holds it. */
    public void delete(Caller customer, UUID cartId) {
        List<String> answer = run(customer.userId(), "delete", cartId.toString());
        if (!answer.get(0).equals("deleted")) {
            throw common(answer, cartId);
        }
    }

    /** Checkout takes the cart, atomically: no change lands after the cart it answers. 409 if already locked. */
    public Cart lock(UUID cartId, UUID userId) {
        List<String> answer = run(userId, "lock", cartId.toString());
        if (!answer.get(0).equals("updated")) {
            throw common(answer, cartId);
        }
        return cart(answer.get(1));
    }

    /** Checkout gives the cart back (payment failed or abandoned): ACTIVE again; an ACTIVE cart stays as it is. */
    public Cart unlock(UUID cartId) {
        UUID userId = store.ownerOf(cartId).orElseThrow(() -> notFound(cartId));
        List<String> answer = store.run(userId, "unlock", cartId.toString());
        return switch (answer.get(0)) {
            case "updated", "unchanged" -> cart(answer.get(1));
            default -> throw common(answer, cartId);
        };
    }

    /** Checkout is done with the cart (the order exists): it is deleted whatever its status. False if none. */
    public boolean clear(UUID cartId) {
        Optional<UUID> userId = store.ownerOf(cartId);
        return userId.isPresent() && store.run(userId.get(), "clear", cartId.toString()).get(0).equals("deleted");
    }

    /** A cart by its id, whoever owns it, for checkout (which checks the owner itself). */
    public Optional<Cart> find(UUID cartId) {
        return store.ownerOf(cartId).flatMap(store::read).map(this::cart).filter(c -> c.cartId().equals(cartId));
    }

    /** The user's cart, a lock left behind by a dead checkout let go first. */
    private Optional<Cart> read(UUID userId) {
        Optional<Cart> cart = store.read(userId).map(this::cart);
        if (cart.isPresent() && cart.get().status() == Cart.Status.CHECKOUT_IN_PROGRESS && cart.get().lockedAt() != null
                && releaseStaleLock(userId, cart.get().cartId(), cart.get().lockedAt())) {
            return store.read(userId).map(this::cart);
        }
        return cart;
    }

    /** A customer's operation; refused for a lock left behind by a dead checkout, it is run again once let go. */
    private List<String> run(UUID userId, String operation, String... args) {
        return runConfirming(userId, null, operation, args);
    }

    /** The same, confirming the menu's generation under {@code menuKey} (null: none) in the same script run. */
    private List<String> runConfirming(UUID userId, String menuKey, String operation, String... args) {
        List<String> answer = store.runConfirming(userId, menuKey, operation, args);
        if (answer.get(0).equals("locked") && answer.size() > 2 && !answer.get(2).isEmpty()
                && releaseStaleLock(userId, UUID.fromString(answer.get(1)), Instant.parse(answer.get(2)))) {
            return store.runConfirming(userId, menuKey, operation, args);
        }
        return answer;
    }

    /** True when the lock was older than a checkout can take and nothing alive held it: now unlocked or cleared. */
    private boolean releaseStaleLock(UUID userId, UUID cartId, Instant lockedAt) {
        if (lockedAt.plus(config.lockTimeout()).isAfter(Time.now())) {
            return false;
        }
        switch (checkouts.outcomeOf(cartId)) {
            case PAYMENT_PENDING -> {
                return false;
            }
            case PAID -> {
                LOG.infof("Cart %s was still locked %s after its order was paid; cleared", cartId, lockedAt);
                store.run(userId, "clear", cartId.toString());
            }
            case NONE -> {
                LOG.infof("Cart %s was locked at %s by a checkout that left no live order; unlocked", cartId, lockedAt);
                store.run(userId, "unlock", cartId.toString());
            }
        }
        return true;
    }

    private RuntimeException common(List<String> answer, UUID cartId) {
        return switch (answer.get(0)) {
            case "not-found" -> notFound(cartId);
            case "locked" -> locked(answer.get(1));
            default -> unexpected(answer);
        };
    }

    private static ProblemException locked(String cartId) {
        return new ProblemException(new Problem("cart-locked", "Conflict", 409,
                "Cart " + cartId + " is being checked out and cannot change", null)
                .with("cartId", UUID.fromString(cartId)));
    }

    private static ProblemException notFound(UUID cartId) {
        return ProblemException.notFound("Cart", cartId);
    }

    private static IllegalStateException unexpected(List<String> answer) {
        return new IllegalStateException("Unexpected answer of the cart script: " + answer.get(0));
    }

    private Cart cart(String json) {
        return Json.read(json, Cart.class);
    }
}
