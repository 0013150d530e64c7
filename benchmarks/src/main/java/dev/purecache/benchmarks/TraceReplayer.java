package dev.purecache.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Replays the traces of {@code shared/traces} through every purecache backend (default stripes,
 * and LRU / LFU with one stripe), exact reference policies, Caffeine, Guava and cache2k, at three
 * sizes per trace, single-threaded. Every access is a lookup and a miss inserts the key. Writes a
 * CSV: {@code trace,size,policy,stripes,accesses,hits,hitRatio}.
 *
 * <p>The TTL shapes use a TTL of one hour, which nothing reaches during a replay: bounded TTL is
 * then first-in first-out (its reference is FIFO) and LRU+TTL is LRU.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.TraceReplayer [tracesDir]
 * [out.csv]}.
 */
public final class TraceReplayer {
  /** Sizes per trace, chosen to span one stripe (up to 1,024) and several. */
  static final Map<String, int[]> SIZES = new LinkedHashMap<>();

  static {
    SIZES.put("OLTP", new int[] {1_000, 2_000, 5_000, 16_384});
    SIZES.put("loop", new int[] {250, 256, 500, 512, 1_000});
    SIZES.put("gli", new int[] {250, 500, 1_000, 2_000, 2_048});
    SIZES.put("sprite", new int[] {100, 500, 1_000, 2_048, 4_096});
    SIZES.put("2_pools", new int[] {250, 500, 1_000, 2_048, 5_000});
    SIZES.put("web12", new int[] {300, 1_024, 1_200, 3_000, 4_096, 8_192});
  }

  private TraceReplayer() {}

  /** One replayed configuration: a name and how to make its policy for a size. */
  record Contender(String name, IntFunction<ReferencePolicy> factory, IntFunction<Integer> stripes) {}

  /** The contenders, in CSV order. */
  static List<Contender> contenders() {
    List<Contender> list = new ArrayList<>();
    IntFunction<Integer> one = size -> 1;
    IntFunction<Integer> none = size -> 0;
    list.add(new Contender("EXACT_LRU", ReferencePolicy::lru, one));
    list.add(new Contender("EXACT_LFU", ReferencePolicy::lfu, one));
    list.add(new Contender("EXACT_FIFO", ReferencePolicy::fifo, one));
    for (CacheType type :
        new CacheType[] {
          CacheType.PURE_ADAPTIVE,
          CacheType.PURE_LRU,
          CacheType.PURE_LFU,
          CacheType.PURE_LRU_TTL,
          CacheType.PURE_TTL
        }) {
      list.add(
          new Contender(
              type.name(),
              size -> ReferencePolicy.of(type.create(size, 0, true)),
              size -> stripesOf(type.create(size, 0, true).unwrap())));
    }
    list.add(
        new Contender(
            "PURE_LRU_1STRIPE",
            size -> ReferencePolicy.of(CacheType.PURE_LRU.create(size, 1, true)),
            one));
    list.add(
        new Contender(
            "PURE_LFU_1STRIPE",
            size -> ReferencePolicy.of(CacheType.PURE_LFU.create(size, 1, true)),
            one));
    for (CacheType type : new CacheType[] {CacheType.CAFFEINE, CacheType.GUAVA, CacheType.CACHE2K}) {
      list.add(
          new Contender(type.name(), size -> ReferencePolicy.of(type.create(size, 0, true)), none));
    }
    return list;
  }

  /** The stripe count of a purecache backend. */
  static int stripesOf(Object cache) {
    return cache instanceof dev.purecache.Cache<?, ?> c ? c.info().stripes() : 0;
  }

  /** Returns the hits of {@code policy} over {@code keys}. */
  static long replay(ReferencePolicy policy, long[] keys) {
    long hits = 0;
    for (long key : keys) {
      if (policy.access(key)) {
        hits++;
      }
    }
    return hits;
  }

  /** Replays every trace and writes the CSV. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/traces");
    Path out = Path.of(args.length > 1 ? args[1] : "results/hitratio.csv");
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    List<Contender> contenders = contenders();
    try (PrintStream csv = new PrintStream(Files.newOutputStream(out), true, "UTF-8")) {
      csv.println("trace,size,policy,stripes,accesses,hits,hitRatio");
      for (Map.Entry<String, int[]> trace : SIZES.entrySet()) {
        Path file = find(dir, trace.getKey());
        if (file == null) {
          System.err.println("no trace " + trace.getKey() + " in " + dir + ": skipped");
          continue;
        }
        long[] keys = Traces.read(file);
        for (int size : trace.getValue()) {
          for (Contender c : contenders) {
            long hits = replay(c.factory.apply(size), keys);
            String line =
                String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%.4f", trace.getKey(), size, c.name,
                    c.stripes.apply(size), keys.length, hits, 100.0 * hits / keys.length);
            csv.println(line);
            System.out.println(line);
          }
        }
      }
    }
  }

  /** Returns the file of {@code trace} in {@code dir}, or null if there is none. */
  static Path find(Path dir, String trace) throws IOException {
    try (var files = Files.list(dir)) {
      return files
          .filter(p -> Traces.name(p).equals(trace))
          .findFirst()
          .orElse(null);
    }
  }
}
