package org.dabba.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The preparation estimate as a table: declared until min-samples, then the median of the newest samples. */
class PrepEstimateTest {

    /** Intervals in minutes, the latest pickup first ("" for none); samples N, min-samples M; declared 20. */
    @ParameterizedTest(name = "[{0}] N={1} M={2} -> {3}")
    @CsvSource(delimiter = ';', value = {
            // below M the owner's declared time stands
            ";                 20; 5; 20",
            "30;               20; 5; 20",
            "30 40 50 60;      20; 5; 20",
            // from M on, the median (odd count: the middle one)
            "30 40 10 50 35;   20; 5; 35",
            // even count: the mean of the two middle ones, rounded to the minute
            "30 40 10 50 35 12; 20; 5; 33",
            "10 11;            20; 2; 11",
            // only the newest N count: the old slow ones no longer do
            "10 12 14 90 90 90; 3; 3; 12",
            "10 12 14 90 90 90; 6; 3; 52",
            // fewer than M among the newest N: declared, however many older ones there are
            "10 12 14 90 90 90; 2; 3; 20",
            // one slow order barely moves it
            "15 15 15 15 180;  20; 5; 15",
    })
    void estimate(String minutes, int samples, int minSamples, int expected) {
        assertEquals(expected, PrepEstimate.estimate(20, intervals(minutes), samples, minSamples));
    }

    @org.junit.jupiter.api.Test
    void secondsRoundToTheNearestMinuteAndNeverBelowOne() {
        List<Duration> quick = List.of(Duration.ofSeconds(10), Duration.ofSeconds(20));
        assertEquals(1, PrepEstimate.estimate(20, quick, 20, 2));
        List<Duration> halfMinutes = List.of(Duration.ofSeconds(12 * 60 + 29), Duration.ofSeconds(12 * 60 + 31),
                Duration.ofSeconds(12 * 60 + 30));
        assertEquals(13, PrepEstimate.estimate(20, halfMinutes, 20, 2)); // 12:30 rounds up
        assertEquals(12, PrepEstimate.estimate(20, halfMinutes.subList(0, 1), 20, 1));
    }

    static List<Duration> intervals(String minutes) {
        if (minutes == null || minutes.isBlank()) {
            return List.of();
        }
        return Arrays.stream(minutes.strip().split("\\s+")).map(m -> Duration.ofMinutes(Long.parseLong(m))).toList();
    }
}
