package org.dabba.order;

/** The payment of an order, apart from its fulfilment: PENDING until the gateway says, then one of the others. */
public enum PaymentStatus { PENDING, SUCCEEDED, FAILED, REFUNDED }
