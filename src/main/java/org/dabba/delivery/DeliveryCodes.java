package org.dabba.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.UUID;
import org.dabba.order.OrderBodies.DeliveryView;
import org.dabba.platform.Time;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * Delivery codes ({@code dabba.delivery.codes.enabled}): at pickup the customer is sent four digits, which the
 * courier must send to deliver, so food is handed to whoever ordered it. The customer reads the code in their
 * tracking view; couriers never see it. Orders picked up while codes were off have none and are delivered without.
 */
@ApplicationScoped
public class DeliveryCodes {

    /** Wrong codes before the delivery is locked and the courier must call support. */
    static final int MAX_ATTEMPTS = 5;

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DeliveryConfig config;

    @Inject
    Event<DeliveryCodeIssued> codeIssued;

    /**
     * Makes the code of the order just picked up and sends it to its customer (SMS and push, whatever their
     * preferences), in the pickup's transaction. One code per order: a second call keeps and resends nothing.
     */
    @Transactional
    void issue(DeliveryView d) {
        if (!enabled()) {
            return;
        }
        String code = "%04d".formatted(RANDOM.nextInt(10_000));
        int made = DeliveryCode.getEntityManager().createNativeQuery("""
                insert into delivery_codes (order_id, customer_id, code, attempts, created_at)
                values (?1, ?2, ?3, 0, ?4) on conflict (order_id) do nothing""")
                .setParameter(1, d.orderId()).setParameter(2, d.customerId()).setParameter(3, code)
                .setParameter(4, Time.now()).executeUpdate();
        if (made == 0) {
            return;
        }
        codeIssued.fire(new DeliveryCodeIssued(d.orderId(), d.customerId(), code));
    }

    /** Whether couriers must give the customer's code to deliver ({@code dabba.delivery.codes.enabled}). */
    boolean enabled() {
        return config.codes().enabled();
    }

    /** The order's code, for its customer's eyes only (the caller checked whose order it is). */
    @Transactional
    Optional<String> of(UUID orderId) {
        if (!enabled()) {
            return Optional.empty();
        }
        return DeliveryCode.<DeliveryCode>findByIdOptional(orderId).map(c -> c.code);
    }

    /**
     * The courier's {@code otp} for the order they are delivering: nothing to check without a code (or with codes
     * off). 400 naming {@code otp} when missing; 422 {@code delivery-code-mismatch} with {@code attemptsLeft} (the
     * attempt counts); after {@value #MAX_ATTEMPTS} wrong, 423 {@code delivery-code-locked}. Checked under the
     * code's row lock, so concurrent guesses count one by one.
     */
    @Transactional(dontRollbackOn = ProblemException.class)
    void check(UUID orderId, String otp) {
        if (!enabled()) {
            return;
        }
        Optional<DeliveryCode> found = DeliveryCode.findByIdOptional(orderId, LockModeType.PESSIMISTIC_WRITE);
        if (found.isEmpty()) {
            return;
        }
        DeliveryCode c = found.get();
        if (c.attempts >= MAX_ATTEMPTS) {
            throw new ProblemException(new Problem("delivery-code-locked", "Delivery locked", 423,
                    "Too many wrong codes for order " + orderId + ": call support to complete this delivery", null));
        }
        if (otp == null || otp.isBlank()) {
            throw ProblemException.invalid("otp", "is required: the code the customer was sent");
        }
        if (!MessageDigest.isEqual(otp.strip().getBytes(StandardCharsets.UTF_8),
                c.code.getBytes(StandardCharsets.UTF_8))) {
            c.attempts++;
            int left = MAX_ATTEMPTS - c.attempts;
            throw new ProblemException(new Problem("delivery-code-mismatch", "Wrong delivery code", 422,
                    left == 0 ? "That is not the customer's code, and no tries are left: call support"
                            : "That is not the customer's code; " + left + " more " + (left == 1 ? "try" : "tries"),
                    null).with("attemptsLeft", left));
        }
    }
}
