package org.dabba.checkout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Random;
import org.dabba.checkout.Pricing.Tariff;
import org.dabba.checkout.Promotion.Type;
import org.dabba.order.OrderBodies.PriceBreakdown;
import org.dabba.platform.error.Problem;
import org.dabba.platform.error.ProblemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pricing arithmetic, case by case. Amounts are compared as strings, so 25.0 ≠ 25.00 fails too. */
class PricingTest {

    /** The table's tariff (not the configured one, so changing a setting does not change these expectations). */
    static final Tariff TARIFF = new Tariff("INR", new BigDecimal("0.05"), new BigDecimal("5.00"),
            new BigDecimal("20.00"), new BigDecimal("5.00"), new BigDecimal("2"), new BigDecimal("10"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                              | subtotal | promotion            | km     | radius | discount | tax     | platform | delivery | total
        no promotion, inside the free distance              | 500.00   | -                    | 1.5    | -      | 0.00     | 25.00   | 5.00     | 20.00    | 550.00
        flat 50, 1.5 km charged                             | 500.00   | FLAT 50              | 3.5    | -      | 50.00    | 22.50   | 5.00     | 27.50    | 505.00
        percentage without a cap                            | 500.00   | PERCENTAGE 10        | 2      | -      | 50.00    | 22.50   | 5.00     | 20.00    | 497.50
        percentage capped by maxDiscount                    | 1000.00  | PERCENTAGE 20 max 150 | 0     | -      | 150.00   | 42.50   | 5.00     | 20.00    | 917.50
        percentage under its cap                            | 500.00   | PERCENTAGE 20 max 150 | 0     | -      | 100.00   | 20.00   | 5.00     | 20.00    | 445.00
        flat above the subtotal: capped at the subtotal     | 80.00    | FLAT 100             | 0      | -      | 80.00    | 0.00    | 5.00     | 20.00    | 25.00
        flat equal to the subtotal                          | 100.00   | FLAT 100             | 0      | -      | 100.00   | 0.00    | 5.00     | 20.00    | 25.00
        100 percent                                         | 240.00   | PERCENTAGE 100       | 0      | -      | 240.00   | 0.00    | 5.00     | 20.00    | 25.00
        flat capped by a lower maxDiscount                  | 300.00   | FLAT 100 max 60      | 0      | -      | 60.00    | 12.00   | 5.00     | 20.00    | 277.00
        percentage 12.345 rounds half-even down             | 123.45   | PERCENTAGE 10        | 0      | -      | 12.34    | 5.56    | 5.00     | 20.00    | 141.67
        percentage 12.355 rounds half-even up               | 123.55   | PERCENTAGE 10        | 0      | -      | 12.36    | 5.56    | 5.00     | 20.00    | 141.75
        fractional percentage, cap above it                 | 99999.99 | PERCENTAGE 12.5 max 50000 | 0 | -      | 12500.00 | 4375.00 | 5.00     | 20.00    | 91899.99
        fractional percentage, capped                       | 99999.99 | PERCENTAGE 12.5 max 5000 | 0  | -      | 5000.00  | 4750.00 | 5.00     | 20.00    | 99774.99
        tax 5.005 rounds half-even to 5.00                  | 100.10   | -                    | 0      | -      | 0.00     | 5.00    | 5.00     | 20.00    | 130.10
        tax 5.015 rounds half-even to 5.02                  | 100.30   | -                    | 0      | -      | 0.00     | 5.02    | 5.00     | 20.00    | 130.32
        tax 5.025 rounds half-even to 5.02                  | 100.50   | -                    | 0      | -      | 0.00     | 5.02    | 5.00     | 20.00    | 130.52
        tax on subtotal minus discount, 0.005 to 0.00       | 10.10    | FLAT 10              | 0      | -      | 10.00    | 0.00    | 5.00     | 20.00    | 25.10
        tax on subtotal minus discount, 0.015 to 0.02       | 10.30    | FLAT 10              | 0      | -      | 10.00    | 0.02    | 5.00     | 20.00    | 25.32
        exactly at the free distance                        | 200.00   | -                    | 2      | -      | 0.00     | 10.00   | 5.00     | 20.00    | 235.00
        1 m beyond it: 20.005 rounds half-even to 20.00     | 200.00   | -                    | 2.001  | -      | 0.00     | 10.00   | 5.00     | 20.00    | 235.00
        3 m beyond it: 20.015 rounds half-even to 20.02     | 200.00   | -                    | 2.003  | -      | 0.00     | 10.00   | 5.00     | 20.02    | 235.02
        charged pro rata, not per started km                | 200.00   | -                    | 2.25   | -      | 0.00     | 10.00   | 5.00     | 21.25    | 236.25
        great-circle precision is kept until the rounding   | 200.00   | -                    | 4.123456789 | - | 0.00     | 10.00   | 5.00     | 30.62    | 245.62
        exactly at the default radius                       | 200.00   | -                    | 10     | -      | 0.00     | 10.00   | 5.00     | 60.00    | 275.00
        exactly at the restaurant's own radius              | 200.00   | -                    | 5      | 5      | 0.00     | 10.00   | 5.00     | 35.00    | 250.00
        the restaurant's own radius beyond the default      | 200.00   | -                    | 14.5   | 15     | 0.00     | 10.00   | 5.00     | 82.50    | 297.50
        an empty subtotal pays the fees only                | 0.00     | -                    | 0      | -      | 0.00     | 0.00    | 5.00     | 20.00    | 25.00
        whole-rupee inputs answer 2 decimals                | 500      | FLAT 50              | 0      | -      | 50.00    | 22.50   | 5.00     | 20.00    | 497.50
        """)
    void prices(String name, String subtotal, String promotion, String km, String radius, String discount,
            String tax, String platformFee, String deliveryFee, String total) {
        BigDecimal sub = new BigDecimal(subtotal);
        PriceBreakdown p = Pricing.price(sub, discountOf(promotion, sub), new BigDecimal(km),
                radius == null ? null : new BigDecimal(radius), TARIFF);

        assertEquals(subtotal.contains(".") ? subtotal : subtotal + ".00", p.subtotal().toPlainString(), "subtotal");
        assertEquals(discount, p.discount().toPlainString(), "discount");
        assertEquals(tax, p.tax().toPlainString(), "tax");
        assertEquals(platformFee, p.platformFee().toPlainString(), "platformFee");
        assertEquals(deliveryFee, p.deliveryFee().toPlainString(), "deliveryFee");
        assertEquals(deliveryFee, Pricing.deliveryFee(new BigDecimal(km), TARIFF).toPlainString(),
                "the fee alone (what search shows) is the one charged");
        assertEquals(total, p.total().toPlainString(), "total");
        assertEquals("INR", p.currency());
        assertEquals(p.total(), p.subtotal().subtract(p.discount()).add(p.tax()).add(p.platformFee())
                .add(p.deliveryFee()), "total is the exact sum of its parts");
    }

    @ParameterizedTest(name = "{0} km with radius {1} is out of the delivery area")
    @CsvSource(nullValues = "-", textBlock = """
        10.001,    -,  10.001, 10
        10.0000001, -, 10.001, 10
        5.01,      5,  5.01,   5
        5.0001,    5.00, 5.001, 5
        250,       -,  250,    10
        """)
    void beyondTheRadiusIs422(String km, String radius, String shownKm, String shownRadius) {
        ProblemException e = assertThrows(ProblemException.class, () -> Pricing.price(new BigDecimal("100.00"),
                BigDecimal.ZERO, new BigDecimal(km), radius == null ? null : new BigDecimal(radius), TARIFF));
        Problem problem = e.problem();
        assertEquals(422, problem.getStatus());
        assertEquals("/problems/out-of-delivery-area", problem.getType());
        assertEquals(new BigDecimal(shownKm), problem.getExtensions().get("distanceKm"));
        assertEquals(new BigDecimal(shownRadius), problem.getExtensions().get("deliveryRadiusKm"));
        assertEquals("The delivery point is " + shownKm + " km from the restaurant, which delivers within "
                + shownRadius + " km", problem.getDetail());
    }

    @Test
    void aDoubleDistanceIsTheDecimalItPrintsAs() {
        // 4.001 km: 2.001 km charged, fee 30.005, a tie that goes to the even 30.00. As a double, 4.001 is
        // 4.00100000000000033…, which would make it 30.01; the double is taken as the 4.001 it prints as.
        PriceBreakdown fromDouble = Pricing.price(new BigDecimal("200.00"), BigDecimal.ZERO, 4.001, null, TARIFF);
        assertEquals(Pricing.price(new BigDecimal("200.00"), BigDecimal.ZERO, new BigDecimal("4.001"), null, TARIFF),
                fromDouble);
        assertEquals("30.00", fromDouble.deliveryFee().toPlainString());
        assertThrows(IllegalArgumentException.class,
                () -> Pricing.price(BigDecimal.TEN, BigDecimal.ZERO, Double.NaN, null, TARIFF));
        assertThrows(IllegalArgumentException.class,
                () -> Pricing.price(BigDecimal.TEN, BigDecimal.ZERO, Double.POSITIVE_INFINITY, null, TARIFF));
    }

    @Test
    void aDiscountAboveTheSubtotalIsCappedAtIt() {
        PriceBreakdown p = Pricing.price(new BigDecimal("40.00"), new BigDecimal("75.00"), BigDecimal.ONE, null,
                TARIFF);
        assertEquals("40.00", p.discount().toPlainString());
        assertEquals("25.00", p.total().toPlainString());
    }

    @Test
    void theTaxRateIsTheTariffs() {
        Tariff gst = new Tariff("INR", new BigDecimal("0.18"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO, BigDecimal.ONE);
        // 18 % of 100.10 is 18.018; of 0.25 is 0.045 (a tie, to the even 0.04).
        assertEquals("18.02", Pricing.price(new BigDecimal("100.10"), BigDecimal.ZERO, BigDecimal.ZERO, null, gst)
                .tax().toPlainString());
        assertEquals("0.04", Pricing.price(new BigDecimal("0.25"), BigDecimal.ZERO, BigDecimal.ZERO, null, gst)
                .tax().toPlainString());
        assertEquals("0.29", Pricing.price(new BigDecimal("0.25"), BigDecimal.ZERO, BigDecimal.ZERO, null, gst)
                .total().toPlainString());
    }

    @Test
    void argumentsNoCallerShouldPassAreRefused() {
        BigDecimal ten = new BigDecimal("10.00");
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(new BigDecimal("-1"), BigDecimal.ZERO,
                BigDecimal.ONE, null, TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(new BigDecimal("10.001"), BigDecimal.ZERO,
                BigDecimal.ONE, null, TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(ten, new BigDecimal("-0.01"),
                BigDecimal.ONE, null, TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(ten, new BigDecimal("0.001"),
                BigDecimal.ONE, null, TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(ten, BigDecimal.ZERO,
                new BigDecimal("-0.1"), null, TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.price(ten, BigDecimal.ZERO, BigDecimal.ONE,
                BigDecimal.ZERO, TARIFF));
        assertThrows(NullPointerException.class, () -> Pricing.price(null, BigDecimal.ZERO, BigDecimal.ONE, null,
                TARIFF));
        assertThrows(IllegalArgumentException.class, () -> Pricing.discount(Type.FLAT, BigDecimal.ZERO, null, ten));
    }

    @Test
    void aTariffMustMakeSense() {
        BigDecimal one = BigDecimal.ONE;
        assertThrows(IllegalArgumentException.class, () -> new Tariff("JPY", one, one, one, one, one, one));
        assertThrows(IllegalArgumentException.class, () -> new Tariff("XYZ", one, one, one, one, one, one));
        assertThrows(IllegalArgumentException.class,
                () -> new Tariff("INR", new BigDecimal("5"), one, one, one, one, one));
        assertThrows(IllegalArgumentException.class,
                () -> new Tariff("INR", one, new BigDecimal("0.001"), one, one, one, one));
        assertThrows(IllegalArgumentException.class,
                () -> new Tariff("INR", one, one, one, one, new BigDecimal("-1"), one));
        assertThrows(IllegalArgumentException.class,
                () -> new Tariff("INR", one, one, one, one, one, BigDecimal.ZERO));
    }

    /** Thousands of random orders and tariffs: the invariants hold whatever the numbers. */
    @Test
    void invariantsHoldForRandomOrders() {
        Random random = new Random(20261124);
        for (int i = 0; i < 20_000; i++) {
            Tariff tariff = new Tariff("INR", BigDecimal.valueOf(random.nextInt(3001), 4), cents(random, 5000),
                    cents(random, 10000), cents(random, 3000), BigDecimal.valueOf(random.nextInt(5001), 3),
                    BigDecimal.valueOf(1 + random.nextInt(3000), 2));
            BigDecimal subtotal = cents(random, 5_000_000);
            BigDecimal discount = random.nextBoolean() ? BigDecimal.ZERO
                    : Pricing.discount(random.nextBoolean() ? Type.FLAT : Type.PERCENTAGE,
                            BigDecimal.valueOf(1 + random.nextInt(10000), 2),
                            random.nextBoolean() ? null : BigDecimal.valueOf(1 + random.nextInt(100000), 2), subtotal);
            BigDecimal km = BigDecimal.valueOf(random.nextDouble() * tariff.defaultDeliveryRadiusKm().doubleValue());

            PriceBreakdown p = Pricing.price(subtotal, discount, km, null, tariff);

            for (BigDecimal amount : new BigDecimal[] { p.subtotal(), p.discount(), p.tax(), p.platformFee(),
                    p.deliveryFee(), p.total() }) {
                assertEquals(2, amount.scale());
                assertTrue(amount.signum() >= 0);
            }
            assertTrue(p.discount().compareTo(p.subtotal()) <= 0);
            assertEquals(p.total(), p.subtotal().subtract(p.discount()).add(p.tax()).add(p.platformFee())
                    .add(p.deliveryFee()));
            BigDecimal exactTax = tariff.taxRate().multiply(p.subtotal().subtract(p.discount()));
            assertTrue(exactTax.subtract(p.tax()).abs().compareTo(new BigDecimal("0.005")) <= 0);
            assertTrue(p.deliveryFee().compareTo(tariff.deliveryBaseFee()) >= 0);
        }
    }

    private static BigDecimal cents(Random random, int max) {
        return BigDecimal.valueOf(random.nextInt(max + 1), 2);
    }

    /** "PERCENTAGE 20 max 150", "FLAT 50" or null. */
    private static BigDecimal discountOf(String promotion, BigDecimal subtotal) {
        if (promotion == null) {
            return BigDecimal.ZERO;
        }
        String[] words = promotion.trim().split("\\s+");
        BigDecimal max = words.length > 2 ? new BigDecimal(words[3]) : null;
        return Pricing.discount(Type.valueOf(words[0]), new BigDecimal(words[1]), max, subtotal);
    }
}
