package org.dabba.cart;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.dabba.cart.Cart.Status;

/** The request and response bodies of /carts (as openapi.yaml describes them). */
public final class CartBodies {

    static final int MAX_QUANTITY = 50;
    static final int MAX_INSTRUCTIONS = 250;

    private CartBodies() {
    }

    /**
     * {@code PUT /carts/items}. {@code userId} is optional (identity comes from the token) and must be the
     * caller's own when sent. {@code quantity} is a number so that 2.5 is refused rather than rounded.
     */
    public record PutItemRequest(
            UUID userId,
            @NotNull UUID restaurantId,
            @NotNull UUID itemId,
            @NotNull @Min(1) @Max(MAX_QUANTITY) @Digits(integer = 2, fraction = 0, message = "must be a whole number")
            BigDecimal quantity,
            @Size(max = MAX_INSTRUCTIONS) String specialInstructions,
            Boolean replaceCart) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record LineView(UUID itemId, String name, BigDecimal unitPrice, int quantity, String specialInstructions,
            BigDecimal lineTotal) {

        static LineView of(CartLine line) {
            return new LineView(line.itemId(), line.name(), line.unitPrice(), line.quantity(),
                    line.specialInstructions(), line.lineTotal());
        }
    }

    /** A cart as every endpoint answers it: {@code totalItems} sums the quantities, {@code subtotal} is exact. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record CartView(UUID cartId, UUID userId, UUID restaurantId, Status status, List<LineView> items,
            int totalItems, BigDecimal subtotal, String currency, Instant createdAt, Instant updatedAt) {

        public static CartView of(Cart cart) {
            return new CartView(cart.cartId(), cart.userId(), cart.restaurantId(), cart.status(),
                    cart.items().stream().map(LineView::of).toList(), cart.totalItems(), cart.subtotal(),
                    cart.currency(), cart.createdAt(), cart.updatedAt());
        }
    }
}
