package org.dabba.order;

/**
 * The payment of an order: PENDING, then SUCCEEDED or FAILED; REFUND_PENDING while money goes back
 * ({@link OrderRefunds}), then REFUNDED (all of it) or PARTIALLY_REFUNDED.
 */
public enum PaymentStatus {
    PENDING, SUCCEEDED, FAILED, REFUND_PENDING, PARTIALLY_REFUNDED, REFUNDED;

    /** The order's charge was taken (some of it may have gone back). */
    public boolean charged() {
        return this == SUCCEEDED || this == REFUND_PENDING || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }
}
