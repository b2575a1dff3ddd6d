package org.dabba.checkout;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;

/**
 * The one place where Dabba computes what an order costs: pure functions of their arguments, no database,
 * no clock. The formula, as docs/reference/menus-carts-checkout.md states it:
 *
 * <pre>
 * discount    = promotion's discount, at most the subtotal                     (see {@link #discount})
 * tax         = round(taxRate × (subtotal − discount))
 * platformFee = the tariff's flat fee
 * deliveryFee = round(baseFee + perKmFee × max(0, distanceKm − freeKm))   distance charged pro rata, not per started km
 * total       = subtotal − discount + tax + platformFee + deliveryFee       exact: every term already has 2 decimals
 * round(x)    = x to 2 decimals, half-even (banker's rounding)
 * </pre>
 *
 * A delivery point farther than the restaurant's delivery radius (its own, else the tariff's default) is a 422
 * {@code out-of-delivery-area}; exactly at the radius is still inside.
 */
public final class Pricing {

    /** Money has 2 decimals (paise, cents). */
    public static final int SCALE = 2;

    /** Half-even: ties go to the even neighbour, so rounding errors do not pile up in one direction. */
    public static final RoundingMode ROUNDING = RoundingMode.HALF_EVEN;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Pricing() {
    }

    /** What checkout charges, from {@link CheckoutConfig}; a plain value so pricing stays a pure function. */
    public record Tariff(String currency, BigDecimal taxRate, BigDecimal platformFee, BigDecimal deliveryBaseFee,
            BigDecimal deliveryPerKmFee, BigDecimal deliveryFreeKm, BigDecimal defaultDeliveryRadiusKm) {

        public Tariff {
            Currency iso = Currency.getInstance(Objects.requireNonNull(currency, "currency"));
            if (iso.getDefaultFractionDigits() != SCALE) {
                throw new IllegalArgumentException("Dabba prices to 2 decimals; " + currency + " has "
                        + iso.getDefaultFractionDigits());
            }
            requireNonNegative("taxRate", taxRate);
            if (taxRate.compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException("taxRate is a fraction (0.05 = 5 %), at most 1: " + taxRate);
            }
            platformFee = money("platformFee", platformFee);
            deliveryBaseFee = money("deliveryBaseFee", deliveryBaseFee);
            deliveryPerKmFee = money("deliveryPerKmFee", deliveryPerKmFee);
            requireNonNegative("deliveryFreeKm", deliveryFreeKm);
            requirePositive("defaultDeliveryRadiusKm", defaultDeliveryRadiusKm);
        }

        public static Tariff of(CheckoutConfig config) {
            return new Tariff(config.currency(), config.taxRate(), config.platformFee(), config.delivery().baseFee(),
                    config.delivery().perKmFee(), config.delivery().freeKm(), config.defaultDeliveryRadiusKm());
        }
    }

    /**
     * A promotion's discount on {@code subtotal}: a PERCENTAGE of it (rounded) or a FLAT amount, then capped by
     * {@code maxDiscount} (null: no cap) and by the subtotal itself, so a total never goes below the fees.
     */
    public static BigDecimal discount(Promotion.Type type, BigDecimal value, BigDecimal maxDiscount,
            BigDecimal subtotal) {
        Objects.requireNonNull(type, "type");
        requirePositive("value", value);
        BigDecimal base = money("subtotal", subtotal);
        BigDecimal discount = switch (type) {
            case PERCENTAGE -> round(base.multiply(value).divide(HUNDRED));
            case FLAT -> money("value", value);
        };
        if (maxDiscount != null) {
            discount = discount.min(money("maxDiscount", maxDiscount));
        }
        return discount.min(base);
    }

    /**
     * The price of an order: money arguments ≥ 0 with at most 2 decimals (else IllegalArgumentException), the
     * discount capped at the subtotal, {@code deliveryRadiusKm} null for the tariff's default (beyond it: 422).
     */
    public static PriceBreakdown price(BigDecimal subtotal, BigDecimal discount, BigDecimal distanceKm,
            BigDecimal deliveryRadiusKm, Tariff tariff) {
        Objects.requireNonNull(tariff, "tariff");
        BigDecimal items = money("subtotal", subtotal);
        BigDecimal off = money("discount", discount).min(items);
        requireNonNegative("distanceKm", distanceKm);
        BigDecimal radius = deliveryRadiusKm == null ? tariff.defaultDeliveryRadiusKm() : deliveryRadiusKm;
        requirePositive("deliveryRadiusKm", radius);
        if (distanceKm.compareTo(radius) > 0) {
            throw outOfDeliveryArea(distanceKm, radius);
        }

        BigDecimal tax = round(tariff.taxRate().multiply(items.subtract(off)));
        BigDecimal deliveryFee = deliveryFee(distanceKm, tariff);
        BigDecimal platformFee = tariff.platformFee();
        BigDecimal total = items.subtract(off).add(tax).add(platformFee).add(deliveryFee);
        return new PriceBreakdown(items, off, tax, platformFee, deliveryFee, total, tariff.currency());
    }

    /** The same for a great-circle distance, taken as the decimal the double prints as (3.1 km, not 3.1000…0088). */
    public static PriceBreakdown price(BigDecimal subtotal, BigDecimal discount, double distanceKm,
            BigDecimal deliveryRadiusKm, Tariff tariff) {
        if (!Double.isFinite(distanceKm)) {
            throw new IllegalArgumentException("distanceKm must be a finite number: " + distanceKm);
        }
        return price(subtotal, discount, BigDecimal.valueOf(distanceKm), deliveryRadiusKm, tariff);
    }

    /** The delivery fee for a distance as {@link #price} charges it (search shows it); no radius check. */
    public static BigDecimal deliveryFee(BigDecimal distanceKm, Tariff tariff) {
        requireNonNegative("distanceKm", distanceKm);
        BigDecimal chargedKm = distanceKm.subtract(tariff.deliveryFreeKm()).max(BigDecimal.ZERO);
        return round(tariff.deliveryBaseFee().add(tariff.deliveryPerKmFee().multiply(chargedKm)));
    }

    /** The same, for a great-circle distance, taken as the decimal the double prints as (as {@link #price} does). */
    public static BigDecimal deliveryFee(double distanceKm, Tariff tariff) {
        if (!Double.isFinite(distanceKm)) {
            throw new IllegalArgumentException("distanceKm must be a finite number: " + distanceKm);
        }
        return deliveryFee(BigDecimal.valueOf(distanceKm), tariff);
    }

    private static ProblemException outOfDeliveryArea(BigDecimal distanceKm, BigDecimal radiusKm) {
        // Shown rounded up to the metre, so a point just past the radius never reads as "at" it.
        BigDecimal shown = shortest(distanceKm.setScale(3, RoundingMode.UP));
        BigDecimal radius = shortest(radiusKm);
        return new ProblemException(new Problem("out-of-delivery-area", "Out of delivery area", 422,
                "The delivery point is " + shown.toPlainString() + " km from the restaurant, which delivers within "
                        + radius.toPlainString() + " km", null)
                .with("distanceKm", shown).with("deliveryRadiusKm", radius));
    }

    /** 10.000 as 10, 5.50 as 5.5 (never 1E+1). */
    private static BigDecimal shortest(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static BigDecimal round(BigDecimal amount) {
        return amount.setScale(SCALE, ROUNDING);
    }

    /** An amount of money as given: ≥ 0, at most 2 decimals, answered with exactly 2. */
    private static BigDecimal money(String name, BigDecimal amount) {
        requireNonNegative(name, amount);
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException(name + " has more than 2 decimals: " + amount);
        }
        return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
    }

    private static void requireNonNegative(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    private static void requirePositive(String name, BigDecimal value) {
        Objects.requireNonNull(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }
}
