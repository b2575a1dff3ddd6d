package org.dabba.cart;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user's cart as stored in Redis (changed only by {@code redis/cart.lua}); nulls are left out for the script. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cart(UUID cartId, UUID userId, UUID restaurantId, Status status, String currency,
        Instant createdAt, Instant updatedAt, Instant lockedAt, List<CartLine> items) {

    /** ACTIVE: the customer changes it. CHECKOUT_IN_PROGRESS: checkout holds it and every change is refused. */
    public enum Status { ACTIVE, CHECKOUT_IN_PROGRESS }

    public Cart {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** The sum of the quantities. */
    @JsonIgnore
    public int totalItems() {
        return items.stream().mapToInt(CartLine::quantity).sum();
    }

    /** The sum of the line totals, exact. */
    @JsonIgnore
    public BigDecimal subtotal() {
        return items.stream().map(CartLine::lineTotal).reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
    }
}
