package org.dabba.notification;

import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * How notification templates write sums, distances and times ({@code {fmt:money(total, currency)}}): amounts exact
 * in the order's currency with Indian-English symbols and separators (₹1,250.00), times in UTC and saying so. Values
 * may arrive as they were put in the data or as they come back from JSON (numbers, strings).
 */
@TemplateExtension(namespace = "fmt")
public final class NotificationFormats {

    private static final Locale INDIA = Locale.forLanguageTag("en-IN");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private NotificationFormats() {
    }

    /** {@code value} in {@code currency}, e.g. ₹1,250.00; exact (the currency's decimals, half-even). */
    static String money(Object value, Object currency) {
        BigDecimal sum = decimal(value);
        String code = currency == null ? "" : currency.toString();
        Currency c;
        try {
            c = Currency.getInstance(code);
        } catch (IllegalArgumentException e) {
            return (new DecimalFormat("#,##0.00").format(sum.setScale(2, RoundingMode.HALF_EVEN)) + " " + code)
                    .trim();
        }
        NumberFormat f = NumberFormat.getCurrencyInstance(INDIA);
        f.setCurrency(c);
        int digits = Math.max(c.getDefaultFractionDigits(), 0);
        f.setMinimumFractionDigits(digits);
        f.setMaximumFractionDigits(digits);
        f.setRoundingMode(RoundingMode.HALF_EVEN);
        return f.format(sum.setScale(digits, RoundingMode.HALF_EVEN));
    }

    /** {@code -}{@link #money}: a discount taken off. */
    static String minus(Object value, Object currency) {
        return "-" + money(decimal(value).abs(), currency);
    }

    /** A distance to one decimal, e.g. 2.4. */
    static String km(Object value) {
        return decimal(value).setScale(1, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The time of day in UTC, e.g. 14:05 UTC. */
    static String time(Object value) {
        return TIME.format(instant(value));
    }

    /** The date and time in UTC, e.g. 03/12/2026, 14:05 UTC. */
    static String dateTime(Object value) {
        return DATE_TIME.format(instant(value));
    }

    private static BigDecimal decimal(Object value) {
        if (value == null) {
            throw new IllegalArgumentException("no amount");
        }
        return value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
    }

    private static Instant instant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Number n) {
            // Jackson writes an Instant as decimal seconds unless told otherwise.
            BigDecimal seconds = new BigDecimal(n.toString());
            return Instant.ofEpochSecond(seconds.longValue(),
                    seconds.remainder(BigDecimal.ONE).movePointRight(9).intValue());
        }
        return Instant.parse(value.toString());
    }
}
