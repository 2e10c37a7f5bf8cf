package dev.blogkit.bench;

import java.util.Locale;

/** One phase of one side: the line the workload asks for, {"impl", "phase", "ops", "seconds", "ops_per_s"}. */
record Result(String impl, String phase, long ops, double seconds) {

    double opsPerSecond() {
        return ops / seconds;
    }

    String json() {
        return String.format(Locale.ROOT, "{\"impl\":\"%s\",\"phase\":\"%s\",\"ops\":%d,\"seconds\":%.6f,\"ops_per_s\":%.1f}",
                impl, phase, ops, seconds, opsPerSecond());
    }
}
