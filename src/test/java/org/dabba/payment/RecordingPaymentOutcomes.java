package org.dabba.payment;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.enterprise.inject.Any;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records every payment outcome that reached the handler, whichever handler the app has (the default or the
 * order feature's): a decorator, so it never competes with them. It can also make the handler fail once for an
 * intent, to show that a failed handler leaves the event to be processed again.
 */
@Decorator
@Priority(1)
public class RecordingPaymentOutcomes implements PaymentOutcomeHandler {

    public record Call(String outcome, String paymentIntentId, PaymentEvent event) {
    }

    static final List<Call> CALLS = new CopyOnWriteArrayList<>();
    static final Set<String> FAIL_ONCE = ConcurrentHashMap.newKeySet();

    @Inject
    @Delegate
    @Any
    PaymentOutcomeHandler delegate;

    @Override
    public void succeeded(String paymentIntentId, PaymentEvent event) {
        failIfAsked(paymentIntentId);
        delegate.succeeded(paymentIntentId, event);
        CALLS.add(new Call("succeeded", paymentIntentId, event));
    }

    @Override
    public void failed(String paymentIntentId, PaymentEvent event) {
        failIfAsked(paymentIntentId);
        delegate.failed(paymentIntentId, event);
        CALLS.add(new Call("failed", paymentIntentId, event));
    }

    @Override
    public void refundChanged(RefundEvent event) {
        delegate.refundChanged(event);
    }

    @Override
    public void chargeRefunded(RefundEvent.ChargeRefunded event) {
        delegate.chargeRefunded(event);
    }

    public static List<Call> callsFor(String paymentIntentId) {
        return CALLS.stream().filter(c -> c.paymentIntentId().equals(paymentIntentId)).toList();
    }

    private static void failIfAsked(String paymentIntentId) {
        if (FAIL_ONCE.remove(paymentIntentId)) {
            throw new IllegalStateException("The test asked the handler to fail for " + paymentIntentId);
        }
    }
}
