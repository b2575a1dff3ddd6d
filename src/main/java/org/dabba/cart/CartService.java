package org.dabba.cart;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.dabba.cart.CartApi.PutItemRequest;
import org.dabba.menu.MenuApi.MenuItemView;
import org.dabba.menu.MenuApi.PublicItem;
import org.dabba.menu.MenuService;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.dabba.platform.security.Caller;

/**
 * Carts: a customer has at most one, of one restaurant, in Redis. Each add is validated against the live menu
 * and the restaurant's ONLINE switch (both read through the menu's cache), then applied by one atomic script
 * ({@link CartStore}). A customer only ever sees their own cart: another user's cart id is a 404.
 *
 * <p>For checkout: {@link #lock} (ACTIVE to CHECKOUT_IN_PROGRESS, after which every change by the customer is a
 * 409 {@code cart-locked}), {@link #unlock}, {@link #clear} and {@link #find}, each one atomic step.
 */
@ApplicationScoped
public class CartService {

    /** The cart after a PUT, and whether that PUT created it. */
    public record Put(Cart cart, boolean created) {
    }

    @Inject
    CartStore store;

    @Inject
    MenuService menu;

    @Inject
    CartConfig config;

    @Inject
    ObjectMapper mapper;

    /**
     * Sets the line of this dish with these instructions to the quantity sent, adding it (and the cart) when
     * missing; the line takes the dish's current name and price.
     */
    public Put put(Caller customer, PutItemRequest request) {
        if (request.userId() != null && !request.userId().equals(customer.userId())) {
            throw ProblemException.forbidden("userId must be your own (or left out): a cart belongs to its caller");
        }
        UUID restaurantId = request.restaurantId();
        PublicItem dish = menu.publicItem(restaurantId, request.itemId());
        if (!dish.restaurantOnline()) {
            throw ProblemException.conflict("restaurant-closed",
                    "Restaurant " + restaurantId + " is not taking orders right now (OFFLINE)");
        }
        MenuItemView item = dish.dish().orElseThrow(() -> ProblemException.notFound("Menu item", request.itemId()));
        if (!item.isAvailable()) {
            throw ProblemException.of(410, "item-out-of-stock", "Gone",
                    item.name() + " (" + item.id() + ") is out of stock");
        }
        CartLine line = new CartLine(item.id(), item.name(), item.price().setScale(2),
                request.quantity().intValueExact(), blankToNull(request.specialInstructions()));
        boolean replace = Boolean.TRUE.equals(request.replaceCart());
        List<String> answer = store.run(customer.userId(), "put", customer.userId().toString(),
                restaurantId.toString(), UUID.randomUUID().toString(), config.currency(), replace ? "1" : "0",
                json(line), String.valueOf(config.maxLines()));
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
        return store.read(customer.userId()).map(this::cart)
                .orElseThrow(() -> ProblemException.of(404, "not-found", "Not found", "You have no cart"));
    }

    /** The caller's cart by its id; 404 for any other id, another user's cart included. */
    public Cart get(Caller customer, UUID cartId) {
        return store.read(customer.userId()).map(this::cart).filter(c -> c.cartId().equals(cartId))
                .orElseThrow(() -> notFound(cartId));
    }

    /**
     * Removes the lines of a dish ({@code specialInstructions} given: only the line with those, "" meaning none);
     * empty when that was the last line and the cart is gone with it.
     */
    public Optional<Cart> removeItem(Caller customer, UUID cartId, UUID itemId, String specialInstructions) {
        List<String> answer = specialInstructions == null
                ? store.run(customer.userId(), "remove", cartId.toString(), itemId.toString())
                : store.run(customer.userId(), "remove", cartId.toString(), itemId.toString(),
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
        List<String> answer = store.run(customer.userId(), "delete", cartId.toString());
        if (!answer.get(0).equals("deleted")) {
            throw common(answer, cartId);
        }
    }

    /**
     * Checkout takes the cart: ACTIVE to CHECKOUT_IN_PROGRESS, atomically, so that no change lands after the cart
     * it answers. 404 when {@code userId} has no cart {@code cartId}; 409 {@code cart-locked} when it is already
     * locked (one checkout at a time).
     */
    public Cart lock(UUID cartId, UUID userId) {
        List<String> answer = store.run(userId, "lock", cartId.toString());
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
        try {
            return mapper.readValue(json, Cart.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable cart in Redis", e);
        }
    }

    private String json(CartLine line) {
        try {
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
