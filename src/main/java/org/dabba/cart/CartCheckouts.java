package org.dabba.cart;

import java.util.UUID;

/**
 * What became of the checkout that locked a cart, asked once a lock outlasts {@code dabba.cart.lock-timeout}.
 * Implemented by the order feature, which knows the orders; the cart does not read them.
 */
public interface CartCheckouts {

    enum Outcome {
        /** An order of this cart still waits for its payment: the lock stays. */
        PAYMENT_PENDING,
        /** An order of this cart was paid: the cart should have been cleared. */
        PAID,
        /** No order of this cart is alive (none was created, or its payment failed or it was cancelled unpaid). */
        NONE
    }

    Outcome outcomeOf(UUID cartId);
}
