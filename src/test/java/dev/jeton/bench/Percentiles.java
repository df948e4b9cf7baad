package dev.jeton.bench;

import java.util.Arrays;

/** Latency percentiles by the nearest-rank method: the smallest sample with at least p of them at or below it. */
final class Percentiles {

    /** p50, p90, p99 and the largest sample, in the samples' unit; all 0 when there are none. */
    record Summary(int count, long p50, long p90, long p99, long max) {
    }

    private Percentiles() {
    }

    /** Summarises the samples (their order is not changed: a sorted copy is used). */
    static Summary of(long[] samples) {
        if (samples.length == 0) {
            return new Summary(0, 0, 0, 0, 0);
        }
        long[] sorted = samples.clone();
        Arrays.sort(sorted);
        return new Summary(sorted.length, nearestRank(sorted, 0.50), nearestRank(sorted, 0.90),
                nearestRank(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /**
     * The nearest-rank percentile of sorted samples: rank ceil(p * n), counted from 1.
     *
     * @param p in (0, 1]
     */
    static long nearestRank(long[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        if (!(p > 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in (0, 1]: " + p);
        }
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(1, Math.min(sorted.length, rank)) - 1];
    }
}
