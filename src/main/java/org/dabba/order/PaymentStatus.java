package org.dabba.order;

/**
 * The payment of an order, apart from its fulfilment: PENDING until the gateway says, then SUCCEEDED or FAILED.
 * Money that must go back (a rejected order, a payment for an order already over) is REFUND_PENDING until the
 * gateway has refunded it (the durable refund process, {@link OrderRefunds}), then REFUNDED.
 */
public enum PaymentStatus { PENDING, SUCCEEDED, FAILED, REFUND_PENDING, REFUNDED }
