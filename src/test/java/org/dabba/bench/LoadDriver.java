package org.dabba.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs one operation from N threads and reports latency percentiles and throughput: first a warm-up until the
 * throughput settles (two consecutive windows within {@link #SETTLED} of each other, after at least the warm-up asked
 * for and at most {@link #MAX_WARMUP_S}), then the measured time as two runs in a row of half of it each, reported
 * together and apart, and whether they agree.
 */
final class LoadDriver {

    static final double WINDOW_S = Double.parseDouble(System.getProperty("bench.warmup-window-seconds", "5"));
    static final double SETTLED = Double.parseDouble(System.getProperty("bench.warmup-settled", "0.10"));
    static final double MAX_WARMUP_S = Double.parseDouble(System.getProperty("bench.max-warmup-seconds", "60"));

    /** What a line measured: the whole measured time, and its two halves, each a run of its own. */
    record Result(String name, int threads, long operations, long failures, double seconds, double p50Ms,
            double p99Ms, List<Run> runs) {

        double throughput() {
            return operations / seconds;
        }

        /** Whether the two runs agree: throughput and p50 within {@link #AGREE} of each other. */
        boolean agrees() {
            return runs.size() < 2 || within(runs.get(0).throughput(), runs.get(1).throughput())
                    && within(runs.get(0).p50Ms(), runs.get(1).p50Ms());
        }

        private static boolean within(double a, double b) {
            return Math.abs(a - b) <= AGREE * Math.max(a, b);
        }

        @Override
        public String toString() {
            StringBuilder line = new StringBuilder(String.format(
                    "%-44s threads=%2d ops=%8d fail=%d  p50=%8.3f ms  p99=%8.3f ms  %10.1f ops/s", name, threads,
                    operations, failures, p50Ms, p99Ms, throughput()));
            for (int i = 0; i < runs.size(); i++) {
                line.append(String.format("%n    run %d: %s", i + 1, runs.get(i)));
            }
            if (!agrees()) {
                line.append(String.format("%n    the two runs differ by more than %.0f %%", AGREE * 100));
            }
            return line.toString();
        }
    }

    /** One of a line's two runs in a row. */
    record Run(double p50Ms, double p99Ms, double throughput) {

        @Override
        public String toString() {
            return String.format("p50=%.3f ms  p99=%.3f ms  %.1f ops/s", p50Ms, p99Ms, throughput);
        }
    }

    /** How far a line's two runs may differ and still agree. */
    static final double AGREE = 0.15;

    private LoadDriver() {
    }

    /**
     * Warms up for at least {@code warmupSeconds} and until the throughput settles, then measures for
     * {@code seconds}; an operation returns success.
     */
    static Result run(String name, int threads, double warmupSeconds, double seconds, Callable<Boolean> operation)
            throws Exception {
        warmUp(name, threads, warmupSeconds, operation);
        List<long[]> perThread = new ArrayList<>();
        List<Run> runs = new ArrayList<>();
        double elapsed = 0;
        for (int run = 0; run < 2; run++) {
            long start = System.nanoTime();
            List<long[]> measured = measure(threads, seconds / 2, operation);
            double took = (System.nanoTime() - start) / 1e9;
            elapsed += took;
            long[] latencies = latencies(measured);
            runs.add(new Run(percentile(latencies, 0.50), percentile(latencies, 0.99), latencies.length / took));
            perThread.addAll(measured);
        }
        long failures = perThread.stream().mapToLong(a -> a[a.length - 1]).sum();
        long[] all = latencies(perThread);
        return new Result(name, threads, all.length, failures, elapsed, percentile(all, 0.50), percentile(all, 0.99),
                runs);
    }

    private static long[] latencies(List<long[]> perThread) {
        return perThread.stream().flatMapToLong(a -> Arrays.stream(a, 0, a.length - 1)).sorted().toArray();
    }

    /** Windows of {@link #WINDOW_S} until the last two agree within {@link #SETTLED}; says when it never settled. */
    private static void warmUp(String name, int threads, double minSeconds, Callable<Boolean> operation)
            throws Exception {
        double spent = 0;
        double previous = -1;
        while (true) {
            long start = System.nanoTime();
            long operations = measure(threads, WINDOW_S, operation).stream().mapToLong(a -> a.length - 1).sum();
            double took = (System.nanoTime() - start) / 1e9;
            double rate = operations / took;
            spent += took;
            boolean settled = previous > 0 && Math.abs(rate - previous) <= SETTLED * Math.max(rate, previous);
            if (spent >= minSeconds && settled) {
                return;
            }
            if (spent >= MAX_WARMUP_S) {
                System.out.printf("%s: throughput still moving after %.0f s of warm-up (%.0f then %.0f ops/s)%n", name,
                        spent, previous, rate);
                return;
            }
            previous = rate;
        }
    }

    /** Per thread: its latencies in nanoseconds, then its failure count as the last element. */
    private static List<long[]> measure(int threads, double seconds, Callable<Boolean> operation) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        List<Future<long[]>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                long[] latencies = new long[1 << 16];
                int n = 0;
                long failures = 0;
                while (System.nanoTime() < deadline) {
                    long t0 = System.nanoTime();
                    boolean ok = operation.call();
                    long took = System.nanoTime() - t0;
                    if (!ok) {
                        failures++;
                    }
                    if (n == latencies.length) {
                        latencies = Arrays.copyOf(latencies, n * 2);
                    }
                    latencies[n++] = took;
                }
                long[] out = Arrays.copyOf(latencies, n + 1);
                out[n] = failures;
                return out;
            }));
        }
        List<long[]> results = new ArrayList<>();
        for (Future<long[]> f : futures) {
            results.add(f.get());
        }
        pool.shutdown();
        return results;
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
