package org.dabba.order;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * How long a restaurant really takes: the median of its newest {@code samples} accepted-to-picked-up intervals,
 * in whole minutes (at least 1), once there are {@code minSamples}. The median, so one order left waiting for an
 * hour hardly moves it. Pure: its table test is the whole rule.
 */
public final class PrepEstimate {

    private PrepEstimate() {
    }

    /** The measured time from the newest-first intervals; empty while fewer than {@code minSamples}. */
    public static OptionalInt measured(List<Duration> newestFirst, int samples, int minSamples) {
        List<Duration> recent = new ArrayList<>(newestFirst.subList(0, Math.min(samples, newestFirst.size())));
        recent.removeIf(d -> d == null || d.isNegative());
        if (recent.isEmpty() || recent.size() < minSamples) {
            return OptionalInt.empty();
        }
        List<Long> seconds = recent.stream().map(Duration::toSeconds).sorted().toList();
        int n = seconds.size();
        double median = n % 2 == 1 ? seconds.get(n / 2) : (seconds.get(n / 2 - 1) + seconds.get(n / 2)) / 2.0;
        return OptionalInt.of((int) Math.max(1, Math.round(median / 60)));
    }

    /** What estimates use: the measured time once there is one, else the owner's declared {@code declaredMinutes}. */
    public static int estimate(int declaredMinutes, List<Duration> newestFirst, int samples, int minSamples) {
        return measured(newestFirst, samples, minSamples).orElse(declaredMinutes);
    }
}
