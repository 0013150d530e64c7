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

  /** Returns the table of the CSV {@code lines}; comment and header lines are skipped. */
  static String table(List<String> lines) {
    Map<String, String[]> rows = new LinkedHashMap<>();
    for (String line : lines) {
      if (!line.isBlank() && !line.startsWith("#") && !line.equals(Memory.HEADER)) {
        String[] f = line.split(",");
        rows.put(f[0], f);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("| cache | entries held | bytes per entry | empty cache, bytes")
        .append(" | vs Caffeine, same configuration |\n")
        .append("|---|---:|---:|---:|---:|\n");
    for (String[] f : rows.values()) {
      String anchor = f[0].endsWith("_TTL") ? "CAFFEINE_TTL" : "CAFFEINE";
      String[] base = rows.get(anchor);
      double perEntry = Double.parseDouble(f[6]);
      String ratio =
          base == null
              ? ""
              : String.format(
                  Locale.ROOT, "%.2fx of %s", perEntry / Double.parseDouble(base[6]), anchor);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %,d | %.1f | %,d | %s |%n",
              f[0],
              Long.parseLong(f[2]),
              perEntry,
              Long.parseLong(f[4]),
              ratio));
    }
    return md.toString();
  }
}
