package org.dabba.checkout;

import io.smallrye.config.ConfigMapping;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;

/** What checkout charges ({@link Pricing}), validated at start-up so a bad setting stops the app, not misprices. */
@ConfigMapping(prefix = "dabba.checkout")
public interface CheckoutConfig {

    /** ISO 4217 code of every price, e.g. {@code INR}; a currency with 2 minor digits (prices are to the paisa). */
    @Pattern(regexp = "[A-Z]{3}")
    String currency();

    /** Tax as a fraction of (subtotal − discount): {@code 0.05} is 5 %. */
    @DecimalMin("0") @DecimalMax("1")
    BigDecimal taxRate();

    /** A flat fee on every order. */
    @DecimalMin("0") @Digits(integer = 6, fraction = 2)
    BigDecimal platformFee();

    Delivery delivery();

    /** How far a restaurant delivers when it has not set its own radius. */
    @DecimalMin(value = "0", inclusive = false) @Digits(integer = 3, fraction = 2)
    BigDecimal defaultDeliveryRadiusKm();

    /** How long an order may wait for its payment before the expiry route cancels it (and its intent). */
    Duration paymentTimeout();

    /** Milliseconds between two runs of the expiry route ({@code order-payment-expiry}). */
    @jakarta.validation.constraints.Min(100)
    long paymentExpiryInterval();

    interface Delivery {
        /** Charged on every delivery. */
        @DecimalMin("0") @Digits(integer = 6, fraction = 2)
        BigDecimal baseFee();

        /** Charged per km beyond {@link #freeKm()}, pro rata (the fee is then rounded to the paisa). */
        @DecimalMin("0") @Digits(integer = 6, fraction = 2)
        BigDecimal perKmFee();

        /** The distance included in the base fee. */
        @DecimalMin("0") @Digits(integer = 3, fraction = 3)
        BigDecimal freeKm();
    }
}
