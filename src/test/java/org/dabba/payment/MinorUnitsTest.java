package org.dabba.payment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Amounts to the gateway's minor units and back, exactly. */
class MinorUnitsTest {

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource({
        "350.50, INR, 35050",
        "350.5, inr, 35050",
        "0.01, INR, 1",
        "1000, INR, 100000",
        "12.30, USD, 1230",
        "500, JPY, 500",
        "1.234, KWD, 1234" })
    void convertsExactly(String amount, String currency, long minor) {
        assertEquals(minor, MinorUnits.of(new BigDecimal(amount), currency));
        assertEquals(0, new BigDecimal(amount).compareTo(MinorUnits.toAmount(minor, currency)));
    }

    @Test
    void neverRoundsOrGuesses() {
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.of(new BigDecimal("350.505"), "INR"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.of(new BigDecimal("0.5"), "JPY"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.of(new BigDecimal("-1"), "INR"));
        assertThrows(IllegalArgumentException.class, () -> MinorUnits.of(BigDecimal.ONE, "XYZ"));
        assertEquals(new BigDecimal("350.50"), MinorUnits.toAmount(35050, "INR"));
    }
}
