package dev.purecache.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The default policy's hit ratio beside Caffeine away from the sizes {@link TraceReplayer} reports:
 * a check that the policy was not fitted to those. Each trace of {@code shared/traces} is
 * replayed at {@link #SIZES_PER_TRACE} sizes spaced geometrically from half the smallest size
 * {@code TraceReplayer} uses for it to twice the largest, and six synthetic traces (made here
 * from fixed seeds) at {@link #SYNTHETIC_SIZES}; with a third argument, every gzip trace in that
 * directory too, at {@link #SHARES_OF_KEYS} of its distinct keys ({@code other-traces.sh} builds
 * such a directory from Caffeine's simulator). Each access is a lookup and a miss inserts the key,
 * single-threaded, as in {@code TraceReplayer}.
 *
 * <p>Writes {@code trace,size,policy,hitRatio} and prints, per group (the six traces, the
 * synthetic ones, the other directory's), the mean and worst difference from Caffeine and the
 * sizes more than 0.5 points below it. Caffeine draws random numbers of its own, so its figures
 * move between runs, by more than a point at some sizes of a loop.
 *
 * <p>Usage: {@code java [-Dstripes=N] -cp benchmarks.jar dev.purecache.benchmarks.HitRatioSweep
 * [tracesDir] [out.csv] [otherTracesDir]}.
 */
public final class HitRatioSweep {
  /** Sizes per real trace. */
  static final int SIZES_PER_TRACE = 16;

  /** Sizes of the synthetic traces. */
  static final int[] SYNTHETIC_SIZES = {200, 500, 1_500, 3_000, 4_500, 8_000};

  /** The sizes of another directory's traces, as shares of each trace's distinct keys. */
  static final double[] SHARES_OF_KEYS = {0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.8};

  /**
   * ADAPTIVE's stripe count, from {@code -Dstripes=N}: 0 (the default) for the builder's default,
   * 1 for the shape of a weighted cache, whose tables grow as its one stripe fills.
   */
  static final int STRIPES = Integer.getInteger("stripes", 0);

  /** How far below Caffeine a size may be before it is listed. */
  static final double MARGIN = 0.5;

  private HitRatioSweep() {}

  /** {@code count} sizes from {@code low} to {@code high}, spaced geometrically. */
  static int[] geometricSizes(double low, double high, int count) {
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = (int) Math.round(low * Math.pow(high / low, i / (count - 1.0)));
    }
    return sizes;
  }

  /** The synthetic traces, by name; the same keys on every run. */
  static Map<String, long[]> syntheticTraces() {
    Map<String, long[]> traces = new LinkedHashMap<>();
    traces.put("zipf-0.8", zipf(100_000, 0.8, 400_000, 1, 0));
    traces.put("zipf-0.99", zipf(100_000, 0.99, 400_000, 2, 0));
    traces.put("zipf+scans", withScans(zipf(50_000, 0.9, 300_000, 3, 0), 20_000, 3_000));
    traces.put("shifting-zipf", shifting(4, 20_000, 5_000, 100_000));
    traces.put("loop+zipf", loopAndZipf(3_000, zipf(30_000, 0.9, 200_000, 5, 1_000_000)));
    long[] loop = new long[300_000];
    for (int i = 0; i < loop.length; i++) {
      loop[i] = i % 5_000;
    }
    traces.put("loop-5000", loop);
    return traces;
  }

  /** {@code count} scrambled Zipf keys over {@code items}, shifted by {@code offset}. */
  static long[] zipf(int items, double theta, int count, long seed, long offset) {
    ScrambledZipf zipf = new ScrambledZipf(items, theta, seed);
    long[] keys = new long[count];
    for (int i = 0; i < count; i++) {
      keys[i] = zipf.next() + offset;
    }
    return keys;
  }

  /** {@code keys} with a scan of {@code scan} keys never seen before after every {@code every}. */
  static long[] withScans(long[] keys, int every, int scan) {
    long[] out = new long[keys.length + keys.length / every * scan];
    long fresh = Long.MAX_VALUE / 2;
    int n = 0;
    for (int i = 0; i < keys.length; i++) {
      out[n++] = keys[i];
      if ((i + 1) % every == 0) {
        for (int j = 0; j < scan; j++) {
          out[n++] = fresh++;
        }
      }
    }
    return out;
  }

  /** {@code phases} Zipf phases over {@code items} keys, each moved {@code step} keys on. */
  static long[] shifting(int phases, int items, int step, int perPhase) {
    long[] out = new long[phases * perPhase];
    for (int p = 0; p < phases; p++) {
      System.arraycopy(zipf(items, 0.9, perPhase, 10 + p, (long) p * step), 0, out, p * perPhase,
          perPhase);
    }
    return out;
  }

  /** A loop over {@code loop} keys and {@code zipf}'s keys, each access one or the other. */
  static long[] loopAndZipf(int loop, long[] zipf) {
    long[] out = new long[2 * zipf.length];
    SplittableRandom random = new SplittableRandom(6);
    int nextZipf = 0;
    int nextLoop = 0;
    for (int i = 0; i < out.length; i++) {
      boolean takeZipf = nextZipf < zipf.length && random.nextBoolean();
      out[i] = takeZipf ? zipf[nextZipf++] : nextLoop++ % loop;
    }
    return out;
  }

  /** One group's differences from Caffeine. */
  static final class Summary {
    private final String group;
    private final List<String> below = new ArrayList<>();
    private double sum;
    private double worst = Double.POSITIVE_INFINITY;
    private String worstAt = "";
    private int count;

    Summary(String group) {
      this.group = group;
    }

    void add(String trace, int size, double difference) {
      sum += difference;
      count++;
      if (difference < worst) {
        worst = difference;
        worstAt = trace + "@" + size;
      }
      if (difference < -MARGIN) {
        below.add(String.format(Locale.ROOT, "%s@%d %+.2f", trace, size, difference));
      }
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT,
          "%s: %d sizes, mean %+.2f points against Caffeine, worst %+.2f (%s); more than %.1f"
              + " below: %d %s", group, count, sum / count, worst, worstAt, MARGIN, below.size(),
          below);
    }
  }

  /** Replays every trace at its sizes and writes the CSV; prints the summaries. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/traces");
    Path out = Path.of(args.length > 1 ? args[1] : "results/hitratio-sweep.csv");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Summary real = new Summary("the six traces");
    Summary synthetic = new Summary("synthetic traces");
    Summary other = new Summary("other traces");
    try (PrintStream csv = new PrintStream(Files.newOutputStream(out), true, "UTF-8")) {
      csv.println("trace,size,policy,hitRatio");
      for (Map.Entry<String, int[]> trace : TraceReplayer.SIZES.entrySet()) {
        Path file = TraceReplayer.find(dir, trace.getKey());
        if (file == null) {
          System.err.println("no trace " + trace.getKey() + " in " + dir + ": skipped");
          continue;
        }
        int[] listed = trace.getValue();
        int[] sizes = geometricSizes(listed[0] / 2.0, listed[listed.length - 1] * 2.0,
            SIZES_PER_TRACE);
        replay(trace.getKey(), Traces.read(file), sizes, csv, real);
      }
      for (Map.Entry<String, long[]> trace : syntheticTraces().entrySet()) {
        replay(trace.getKey(), trace.getValue(), SYNTHETIC_SIZES, csv, synthetic);
      }
      if (args.length > 2) {
        for (Path file : gzipFiles(Path.of(args[2]))) {
          long[] keys = Traces.read(file);
          replay(Traces.name(file), keys, sharesOfKeys(keys), csv, other);
        }
      }
    }
    System.out.println(real);
    System.out.println(synthetic);
    if (args.length > 2) {
      System.out.println(other);
    }
  }

  /** The gzip files of {@code dir}, by name. */
  static List<Path> gzipFiles(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".gz")).sorted().toList();
    }
  }

  /** {@link #SHARES_OF_KEYS} of the distinct keys of {@code keys}, at least 10 each. */
  static int[] sharesOfKeys(long[] keys) {
    long distinct = Arrays.stream(keys).distinct().count();
    int[] sizes = new int[SHARES_OF_KEYS.length];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = (int) Math.max(10, Math.round(distinct * SHARES_OF_KEYS[i]));
    }
    return sizes;
  }

  private static void replay(String trace, long[] keys, int[] sizes, PrintStream csv,
      Summary summary) {
    for (int size : sizes) {
      double adaptive = hitRatio(CacheType.PURE_ADAPTIVE, size, keys);
      double caffeine = hitRatio(CacheType.CAFFEINE, size, keys);
      csv.printf(Locale.ROOT, "%s,%d,%s,%.4f%n", trace, size, CacheType.PURE_ADAPTIVE, adaptive);
      csv.printf(Locale.ROOT, "%s,%d,%s,%.4f%n", trace, size, CacheType.CAFFEINE, caffeine);
      summary.add(trace, size, adaptive - caffeine);
    }
  }

  private static double hitRatio(CacheType type, int size, long[] keys) {
    return 100.0 * TraceReplayer.replay(ReferencePolicy.of(type.create(size, STRIPES, true)), keys)
        / keys.length;
  }
}
