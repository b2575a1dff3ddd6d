package org.dabba.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Preparation plus the way at the travel speed, rounded up to the minute. */
class DeliveryEstimateTest {

    @ParameterizedTest(name = "prep {0} + {1} km at {2} km/h -> {3}")
    @CsvSource({
            "20, 0,     20, 20",
            "20, 1.112, 20, 24", // 3.3 min of way, rounded up
            "20, 2,     20, 26",
            "20, 2,     30, 24",
            "35, 5,     15, 55",
            "1,  0.01,  20, 2",
    })
    void minutes(int prep, double km, double speedKmh, int expected) {
        assertEquals(expected, DeliveryEstimate.minutes(prep, km, speedKmh));
    }
}
