package org.dabba.order;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.dabba.cart.CartCheckouts;
import org.dabba.cart.CartService;
import org.dabba.order.OrderBodies.PaymentSettled;
import org.dabba.platform.jobs.Backoff;
import org.jboss.logging.Logger;

/**
 * The cart an order was checked out from: cleared once the order is paid, unlocked when it will never be. Redis
 * is not in the order's transaction: this follows the commit, retried a few times in the background, and the
 * customer's next meeting with the lock repairs what still failed ({@link CartCheckouts}).
 */
@ApplicationScoped
public class OrderCarts implements CartCheckouts {

    private static final Logger LOG = Logger.getLogger(OrderCarts.class);

    /** Redis blips last seconds: 1 s, 2 s, 4 s, 8 s, 16 s, then the lock timeout's repair takes over. */
    static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(16));
    static final int ATTEMPTS = 6;

    @Inject
    CartService carts;

    /** After the settling change committed: the cart goes (paid) or comes back (not paid). */
    void onSettled(@Observes(during = TransactionPhase.AFTER_SUCCESS) PaymentSettled s) {
        release(s, 1);
    }

    private void release(PaymentSettled s, int attempt) {
        try {
            if (s.paid()) {
                carts.clear(s.cartId());
            } else {
                carts.unlock(s.cartId());
            }
        } catch (RuntimeException e) {
            if (attempt >= ATTEMPTS) {
                LOG.warnf("Could not %s cart %s of order %s after %d attempts (%s); it is repaired when its customer "
                        + "next meets the lock", verb(s), s.cartId(), s.orderId(), attempt, e.toString());
                return;
            }
            Duration wait = RETRY.after(attempt);
            LOG.infof("Could not %s cart %s of order %s (%s); trying again in %s", verb(s), s.cartId(), s.orderId(),
                    e.toString(), wait);
            CompletableFuture.runAsync(() -> release(s, attempt + 1),
                    CompletableFuture.delayedExecutor(wait.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private static String verb(PaymentSettled s) {
        return s.paid() ? "clear" : "unlock";
    }

    @Override
    public Outcome outcomeOf(UUID cartId) {
        return QuarkusTransaction.requiringNew().call(() -> Order.<Order>find("cartId", Sort.by("createdAt")
                .descending(), cartId).firstResultOptional().map(o -> {
                    if (o.status == OrderStatus.PAYMENT_PENDING) {
                        return Outcome.PAYMENT_PENDING;
                    }
                    return o.paidAt != null ? Outcome.PAID : Outcome.NONE;
                }).orElse(Outcome.NONE));
    }
}
