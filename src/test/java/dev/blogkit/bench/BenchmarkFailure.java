package dev.blogkit.bench;

/** A check of the benchmark failed: the two sides disagree, or a side returned what the workload rules out. */
final class BenchmarkFailure extends RuntimeException {

    BenchmarkFailure(String message) {
        super(message);
    }
}
