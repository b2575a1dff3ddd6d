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
 * for and at most {@link #MAX_WARMUP_S}), then the measured time.
 */
final class LoadDriver {

    static final double WINDOW_S = Double.parseDouble(System.getProperty("bench.warmup-window-seconds", "5"));
    static final double SETTLED = Double.parseDouble(System.getProperty("bench.warmup-settled", "0.10"));
    static final double MAX_WARMUP_S = Double.parseDouble(System.getProperty("bench.max-warmup-seconds", "60"));

    record Result(String name, int threads, long operations, long failures, double seconds, double p50Ms,
            double p99Ms) {

        double throughput() {
            return operations / seconds;
        }

        @Override
        public String toString() {
            return String.format("%-44s threads=%2d ops=%8d fail=%d  p50=%8.3f ms  p99=%8.3f ms  %10.1f ops/s",
                    name, threads, operations, failures, p50Ms, p99Ms, throughput());
        }
    }

    private LoadDriver() {
    }

    /**
     * Warms up for at least {@code warmupSeconds} and until the throughput settles, then measures for
     * {@code seconds}; an operation returns success.
     */
    static Result run(String name, int threads, double warmupSeconds, double seconds, Callable<Boolean> operation)
            throws Exception {
        warmUp(name, threads, warmupSeconds, operation);
        long start = System.nanoTime();
        List<long[]> perThread = measure(threads, seconds, operation);
        double elapsed = (System.nanoTime() - start) / 1e9;
        long failures = perThread.stream().mapToLong(a -> a[a.length - 1]).sum();
        long[] all = perThread.stream().flatMapToLong(a -> Arrays.stream(a, 0, a.length - 1)).sorted().toArray();
        return new Result(name, threads, all.length, failures, elapsed, percentile(all, 0.50), percentile(all, 0.99));
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
