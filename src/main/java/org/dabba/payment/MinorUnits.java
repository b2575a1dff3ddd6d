package org.dabba.payment;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;

/** Exact conversion between an amount in currency units (BigDecimal) and the gateway's integer minor units. */
public final class MinorUnits {

    private MinorUnits() {
    }

    /**
     * 350.50 INR → 35050. Refuses (IllegalArgumentException) an amount with more decimals than the currency has,
     * a negative amount, or an unknown currency: money is never rounded silently here.
     */
    public static long of(BigDecimal amount, String currency) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("A payment amount cannot be negative: " + amount);
        }
        try {
            return amount.movePointRight(digits(currency)).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(amount + " " + currency + " is not a whole number of minor units", e);
        }
    }

    /** 35050 INR → 350.50. */
    public static BigDecimal toAmount(long minor, String currency) {
        int digits = digits(currency);
        return BigDecimal.valueOf(minor).movePointLeft(digits).setScale(digits);
    }

    private static int digits(String currency) {
        int digits = Currency.getInstance(currency.toUpperCase(Locale.ROOT)).getDefaultFractionDigits();
        return Math.max(digits, 0);
    }
}
