package org.dabba.payment;

/**
 * What the app does when Stripe says a PaymentIntent succeeded or failed; the order feature implements it
 * ({@code order/OrderPaymentOutcomes}).
 *
 * <p>Both methods run inside the transaction that records the Stripe event id as processed: their database
 * effects (order status, outbox events) commit together with that record, or not at all. Throwing makes the
 * webhook answer an error, nothing is recorded, and Stripe's redelivery is processed afresh. A redelivered event
 * that was processed never reaches the handler again. Events may arrive out of order and for intents the app
 * does not know (answer normally: a late failure must never undo a success, an unknown intent is only logged).
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
