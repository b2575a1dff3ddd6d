package org.dabba.payment;

/**
 * What the app does when Stripe says a PaymentIntent succeeded or failed ({@code order/OrderPaymentOutcomes}).
 *
 * <p>Runs in the transaction that records the event id as processed: its effects commit with that record or not
 * at all, and throwing leaves the redelivery to be processed afresh. Events may arrive out of order and for
 * unknown intents: a late failure must never undo a success, an unknown intent is only logged.
 */
public interface PaymentOutcomeHandler {

    void succeeded(String paymentIntentId, PaymentEvent event);

    void failed(String paymentIntentId, PaymentEvent event);

    /** A refund changed at the gateway (created, done, failed): the app's refund follows it. */
    default void refundChanged(RefundEvent event) {
    }

    /** The charge has (more) money refunded: refunds the app asked for and the gateway took are done. */
    default void chargeRefunded(RefundEvent.ChargeRefunded event) {
    }
}
