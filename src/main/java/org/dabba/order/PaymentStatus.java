package org.dabba.order;

/**
 * The payment of an order, apart from its fulfilment: PENDING until the gateway says, then SUCCEEDED or FAILED.
 * While money is on its way back (a rejection, a cancellation, an admin's refund) it is REFUND_PENDING, until the
 * gateway has done it ({@link OrderRefunds}); then REFUNDED when all of the charge went back, PARTIALLY_REFUNDED
 * when some is still charged.
 */
public enum PaymentStatus {
    PENDING, SUCCEEDED, FAILED, REFUND_PENDING, PARTIALLY_REFUNDED, REFUNDED;

    /** The order's charge was taken (some of it may have gone back). */
    public boolean charged() {
        return this == SUCCEEDED || this == REFUND_PENDING || this == PARTIALLY_REFUNDED || this == REFUNDED;
    }
}
