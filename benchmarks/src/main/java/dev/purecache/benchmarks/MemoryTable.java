package dev.purecache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown table of {@link Memory}'s CSV ({@link Memory#HEADER}), each cache next to
 * Caffeine in the same configuration: {@code CAFFEINE_TTL} for a cache whose name ends in {@code
 * _TTL}, {@code CAFFEINE} for the rest.
 */
final class MemoryTable {
  private MemoryTable() {}

  /** Returns the table, with a heading line, from {@code csv}. */
  static String table(Path csv) throws IOException {
    return "#### Bytes per entry\n\n" + table(Files.readAllLines(csv));
  }

  /**
   * Returns the table of the CSV {@code lines}; comment and header lines are skipped. The figure
   * counting the empty cache is computed from the byte columns, so a CSV without its column (an
   * older run) gives it too.
   */
  static String table(List<String> lines) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("cache,")) {
        String[] f = line.split(",");
        rows.put(f[0], f);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("| cache | entries held | bytes per entry, beyond the empty cache")
        .append(" | counting the empty cache | empty cache, bytes")
        .append(" | vs Caffeine, same configuration (beyond / counting) |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (String[] f : rows.values()) {
      String anchor = f[0].endsWith("_TTL") ? "CAFFEINE_TTL" : "CAFFEINE";
      String[] base = rows.get(anchor);
      String ratio =
          base == null
              ? ""
              : String.format(
                  Locale.ROOT,
                  "%.2fx / %.2fx of %s",
                  beyond(f) / beyond(base),
                  counting(f) / counting(base),
                  anchor);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %.1f | %,d | %s |%n",
              f[0],
              Long.parseLong(f[2]),
              beyond(f),
              counting(f),
              Long.parseLong(f[4]),
              ratio));
    }
    return md.toString();
  }

  /** Bytes per entry held, beyond the empty cache (the CSV's own rounded figure). */
  private static double beyond(String[] f) {
    return Double.parseDouble(f[6]);
  }

  /** Bytes per entry held, the empty cache counted: total less keys and values, per entry. */
  private static double counting(String[] f) {
    return (double) (Long.parseLong(f[3]) - Long.parseLong(f[5])) / Long.parseLong(f[2]);
  }
}
