package dev.crmoutbound.bench;

/** Percentiles of measurements, by nearest rank. */
final class Percentiles {

    private Percentiles() {
    }

    /** The value at quantile {@code q} (0.95 for p95) of values sorted in ascending order. */
    static double of(double[] sorted, double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(sorted.length * q) - 1)];
    }
}
