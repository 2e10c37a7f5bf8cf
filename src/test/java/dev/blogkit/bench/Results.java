package dev.blogkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The results file (a JSON array of {@link Result#json()} objects, one a line) and the final table. */
final class Results {

    private Results() {
    }

    static void write(Path file, List<Result> results) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        StringBuilder json = new StringBuilder("[\n");
        for (int k = 0; k < results.size(); k++) {
            json.append("  ").append(results.get(k).json()).append(k + 1 < results.size() ? ",\n" : "\n");
        }
        json.append("]\n");
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /** Adds one result at the end of the array in {@code file}, written by {@link #write}; creates the file if missing. */
    static void append(Path file, Result result) throws IOException {
        if (!Files.exists(file)) {
            write(file, List.of(result));
            return;
        }
        String text = Files.readString(file, StandardCharsets.UTF_8).stripTrailing();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IOException(file + " is not a JSON array");
        }
        String body = text.substring(1, text.length() - 1).stripTrailing();
        String json = "[" + body + (body.isBlank() ? "\n" : ",\n") + "  " + result.json() + "\n]\n";
        Files.writeString(file, json, StandardCharsets.UTF_8);
    }

    /**
     * Phase, BlogKit ops/s, JDBC ops/s, and the ratio BlogKit/JDBC (above 1: BlogKit is faster). Over several runs,
     * each figure is the median of the runs, the ratio the median of the runs' ratios.
     */
    static String table(List<Result> results, int runs) {
        return table(results, runs, null);
    }

    /** The same, its heading starting with {@code database} ("PostgreSQL 15.20 at ...: ") unless null. */
    static String table(List<Result> results, int runs, String database) {
        Set<String> phases = new LinkedHashSet<>();
        for (Result result : results) {
            phases.add(result.phase());
        }
        StringBuilder table = new StringBuilder();
        if (database != null) {
            table.append(database).append(": ");
        }
        table.append(runs == 1 ? "BlogKit vs plain JDBC, ops/s (1 run)\n"
                : "BlogKit vs plain JDBC, ops/s, median of " + runs + " runs\n");
        String format = "%-18s %14s %14s %14s%n";
        table.append(String.format(Locale.ROOT, format, "phase", "blogkit ops/s", "jdbc ops/s", "blogkit/jdbc"));
        for (String phase : phases) {
            double[] blogkit = opsPerSecond(results, "blogkit", phase);
            double[] jdbc = opsPerSecond(results, "jdbc", phase);
            int pairs = Math.min(blogkit.length, jdbc.length);
            double[] ratios = new double[pairs];
            for (int k = 0; k < pairs; k++) {
                ratios[k] = blogkit[k] / jdbc[k];
            }
            table.append(String.format(Locale.ROOT, format, phase, number(median(blogkit)), number(median(jdbc)),
                    pairs == 0 ? "-" : String.format(Locale.ROOT, "%.2f", median(ratios))));
        }
        return table.toString();
    }

    private static double[] opsPerSecond(List<Result> results, String impl, String phase) {
        List<Double> values = new ArrayList<>();
        for (Result result : results) {
            if (result.impl().equals(impl) && result.phase().equals(phase)) {
                values.add(result.opsPerSecond());
            }
        }
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return value >= 100 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
