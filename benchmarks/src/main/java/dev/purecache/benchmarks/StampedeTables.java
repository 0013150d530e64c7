package dev.purecache.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Markdown tables of {@link Stampede}'s CSV: per cache, the stampede rounds (round 0, the
 * warm-up, left out) summed up as loader calls, wall time median / min / max and the medians of
 * the rounds' p50 and p99, and the median of the rounds' p50 of when the calls began after the
 * release; and "the rest keeps moving" rows as written.
 */
final class StampedeTables {
  private StampedeTables() {}

  /** One row of {@link Stampede#ROUNDS_HEADER}. */
  record Round(
      String cache,
      int round,
      long loaderCalls,
      double wallMs,
      double p50Ms,
      double p99Ms,
      double startP50Ms) {}

  /** Returns both tables, each with a heading line, from {@code csv}. */
  static String tables(Path csv) throws IOException {
    List<Round> rounds = new ArrayList<>();
    List<String[]> moving = new ArrayList<>();
    String section = "";
    for (String line : Files.readAllLines(csv)) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.equals(Stampede.ROUNDS_HEADER) || line.equals(Stampede.MOVING_HEADER)) {
        section = line;
        continue;
      }
      String[] f = line.split(",");
      if (section.equals(Stampede.ROUNDS_HEADER)) {
        rounds.add(
            new Round(
                f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[5]), Double.parseDouble(f[6]),
                Double.parseDouble(f[7])));
      } else if (section.equals(Stampede.MOVING_HEADER)) {
        moving.add(f);
      }
    }
    return "#### Stampede, rounds after the warm-up\n\n" + roundsTable(rounds)
        + "\n#### The rest keeps moving\n\n" + movingTable(moving);
  }

  /** The rounds table; round 0 (warm-up) is left out. */
  static String roundsTable(List<Round> rounds) {
    Map<String, List<Round>> byCache = new LinkedHashMap<>();
    for (Round r : rounds) {
      if (r.round() > 0) {
        byCache.computeIfAbsent(r.cache(), c -> new ArrayList<>()).add(r);
      }
    }
    StringBuilder md = new StringBuilder();
    md.append("| cache | rounds | loader calls | wall ms, median | min | max")
        .append(" | p50 ms, median | p99 ms, median | calls began, p50 ms after release, median |\n")
        .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, List<Round>> e : byCache.entrySet()) {
      List<Round> rs = e.getValue();
      double[] wall = rs.stream().mapToDouble(Round::wallMs).toArray();
      long minCalls = rs.stream().mapToLong(Round::loaderCalls).min().orElseThrow();
      long maxCalls = rs.stream().mapToLong(Round::loaderCalls).max().orElseThrow();
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |%n",
              e.getKey(),
              rs.size(),
              minCalls == maxCalls ? Long.toString(minCalls) : minCalls + "-" + maxCalls,
              Stampede.median(wall),
              Arrays.stream(wall).min().orElseThrow(),
              Arrays.stream(wall).max().orElseThrow(),
              Stampede.median(rs.stream().mapToDouble(Round::p50Ms).toArray()),
              Stampede.median(rs.stream().mapToDouble(Round::p99Ms).toArray()),
              Stampede.median(rs.stream().mapToDouble(Round::startP50Ms).toArray())));
    }
    return md.toString();
  }

  /** The keeps-moving table from rows of {@link Stampede#MOVING_HEADER}. */
  static String movingTable(List<String[]> rows) {
    StringBuilder md = new StringBuilder();
    md.append("| cache | pairs | ops/ms, no load (median) | ops/ms, during load (median)")
        .append(" | ratio, median | ratio, min |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (String[] f : rows) {
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %s | %,d | %,d | %.2f | %.2f |%n",
              f[0],
              f[1],
              Long.parseLong(f[2]),
              Long.parseLong(f[3]),
              Double.parseDouble(f[4]),
              Double.parseDouble(f[5])));
    }
    return md.toString();
  }
}
