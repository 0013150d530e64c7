package dev.purecache.benchmarks;

import dev.purecache.CacheBuilder;
import dev.purecache.LruCache;
import dev.purecache.Policy;
import dev.purecache.internal.CacheSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * What an exact, non-lossy read order demands of {@link GetPutBenchmark}'s read workload, and the
 * ceilings that demand puts on any design, priced with {@link OrderingBenchmark}'s figures.
 *
 * <p><b>Demand.</b> A hit on the node that is already its stripe's most recent changes no order
 * and can be left out; every other hit must be <em>recorded</em> in order. A recorded hit whose
 * stripe's previous recorded hit came from another thread is <em>crossing</em>: the two hits may
 * not overlap in time, and then the later must be ordered after the earlier. Nothing the later
 * thread writes can carry that order unless it has read something the earlier one wrote (or
 * overwritten it, which needs the line just the same), or both read a common clock: each crossing
 * hit costs at least one cache-line handoff between cores, or a clock read per recorded hit.
 * {@link #replay} counts both over the benchmark's key ring, its threads taking turns at random.
 *
 * <p><b>Ceilings</b>, each counting only the named cost, so each is generous:
 *
 * <ul>
 *   <li>2 threads, order through shared memory: {@code 2 * 1000 / (crossing * handoff)} ops/us,
 *       with the one-way handoff of the slowest and of the fastest fork (on a virtual machine the
 *       two cores may sit close together or far apart, and that changes between runs);
 *   <li>2 threads, order by the clock: {@code 2 * 1000 / (recorded * nanoTime)} ops/us;
 *   <li>1 thread: {@code 1000 / (ConcurrentHashMap get + recorded * compareAndSet)} ops/us.
 * </ul>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.OrderDemand [resultsDir]}.
 * Reads {@code ordering.json} and {@code getput-t1.json}, {@code getput-t2.json} (JMH) where
 * present; writes {@code ordering.md}.
 */
public final class OrderDemand {
  private final int stripeMask;
  private final Object[] lastKey;
  private final int[] lastThread;
  private long reads;
  private long recorded;
  private long crossing;

  /** Counts over {@code stripes} stripes (a power of two), none of which has been hit yet. */
  OrderDemand(int stripes) {
    if (Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two: " + stripes);
    }
    this.stripeMask = stripes - 1;
    this.lastKey = new Object[stripes];
    this.lastThread = new int[stripes];
  }

  /** Counts one hit on {@code key} by thread {@code thread}. */
  void read(int thread, Object key) {
    reads++;
    int stripe = CacheSettings.stripeIndex(key, stripeMask);
    if (key.equals(lastKey[stripe])) {
      return;
    }
    recorded++;
    if (lastKey[stripe] != null && lastThread[stripe] != thread) {
      crossing++;
    }
    lastKey[stripe] = key;
    lastThread[stripe] = thread;
  }

  /** Recorded hits per read. */
  double recordedPerRead() {
    return reads == 0 ? 0 : recorded / (double) reads;
  }

  /** Crossing hits per read. */
  double crossingPerRead() {
    return reads == 0 ? 0 : crossing / (double) reads;
  }

  /**
   * Replays {@code reads} reads of the key ring by {@code threads} threads, each walking the ring
   * from its own random offset, a uniformly random thread taking each next read.
   */
  static OrderDemand replay(Object[] ring, int stripes, int threads, long reads, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] position = new int[threads];
    for (int t = 0; t < threads; t++) {
      position[t] = random.nextInt(ring.length);
    }
    OrderDemand demand = new OrderDemand(stripes);
    for (long i = 0; i < reads; i++) {
      int t = random.nextInt(threads);
      demand.read(t, ring[position[t]++ % ring.length]);
    }
    return demand;
  }

  /** Writes the demand and ceiling tables. */
  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "results");
    Integer[] ring = new ScrambledZipf(GetPutBenchmark.ITEMS, 42).keys(GetPutBenchmark.SIZE);
    int defaultStripes =
        ((LruCache<?, ?>)
                CacheBuilder.newBuilder().policy(Policy.LRU).capacity(GetPutBenchmark.CAPACITY).build())
            .stripes();
    Map<String, Report.Score> prices = scores(dir.resolve("ordering.json"));
    Map<String, Report.Score> t1 = scores(dir.resolve("getput-t1.json"));
    Map<String, Report.Score> t2 = scores(dir.resolve("getput-t2.json"));
    // A round trip is two one-way handoffs. Forks may land on differently placed cores, so the
    // slowest and the fastest fork are kept apart rather than averaged.
    double[] roundTrips =
        prices.containsKey("handoff") ? prices.get("handoff").forkMeans() : new double[0];
    double far = Arrays.stream(roundTrips).max().orElse(Double.NaN) / 2;
    double near = Arrays.stream(roundTrips).min().orElse(Double.NaN) / 2;
    double clock = score(prices, "nanoTime");
    double cas = score(prices, "compareAndSet");
    StringBuilder md = new StringBuilder();
    md.append("| stripes | recorded per read | crossing per read (2 threads) |"
        + " 2-thread ceiling, shared memory, slowest handoff (ops/us) |"
        + " same, fastest handoff (ops/us) | 2-thread ceiling, clock (ops/us) |\n"
        + "|---:|---:|---:|---:|---:|---:|\n");
    OrderDemand atDefault = null;
    for (int stripes : new TreeSet<>(List.of(1, 16, defaultStripes, 1024, 8192))) {
      OrderDemand d = replay(ring, stripes, 2, 20_000_000, 7);
      if (stripes == defaultStripes) {
        atDefault = d;
      }
      md.append(String.format(Locale.ROOT, "| %d%s | %.3f | %.3f | %.1f | %.1f | %.1f |%n", stripes,
          stripes == defaultStripes ? " (default)" : "", d.recordedPerRead(), d.crossingPerRead(),
          sharedMemoryCeiling(d, far), sharedMemoryCeiling(d, near), clockCeiling(d, clock)));
    }
    if (roundTrips.length > 0 && t1.containsKey("read_100/CHM")) {
      double chmGet = 1000 / score(t1, "read_100/CHM");
      md.append(String.format(Locale.ROOT, "%nPrices (ns): one-way handoff %.1f in the slowest fork"
              + " and %.1f in the fastest (forks: %s round trips), compareAndSet %.1f, nanoTime %.1f,"
              + " ConcurrentHashMap get (1 thread) %.1f.%n%n",
          far, near, Arrays.toString(Arrays.stream(roundTrips).map(v -> Math.round(v * 10) / 10.0).toArray()),
          cas, clock, chmGet));
      md.append("| read_100, default stripes | ceiling for an exact order (ops/us) | PURE_LRU | CAFFEINE | CHM |\n"
          + "|---|---:|---:|---:|---:|\n");
      md.append(row("2 threads, ordered through shared memory, slowest handoff",
          sharedMemoryCeiling(atDefault, far), t2));
      md.append(row("2 threads, ordered through shared memory, fastest handoff",
          sharedMemoryCeiling(atDefault, near), t2));
      md.append(row("2 threads, ordered by the clock", clockCeiling(atDefault, clock), t2));
      md.append(row("1 thread", 1000 / (chmGet + atDefault.recordedPerRead() * cas), t1));
    }
    Files.writeString(dir.resolve("ordering.md"), md.toString(), StandardCharsets.UTF_8);
    System.out.print(md);
  }

  private static String row(String label, double ceiling, Map<String, Report.Score> measured) {
    return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.1f |%n", label, ceiling,
        score(measured, "read_100/PURE_LRU"), score(measured, "read_100/CAFFEINE"),
        score(measured, "read_100/CHM"));
  }

  private static double score(Map<String, Report.Score> scores, String key) {
    Report.Score s = scores.get(key);
    return s == null ? Double.NaN : s.score();
  }

  /**
   * The scores of a JMH JSON file by method, and {@code /cacheType} when it has one; of {@code
   * GetPutBenchmark}, only those of its own shape (no filler keys, which the reads never touch).
   */
  private static Map<String, Report.Score> scores(Path json) throws IOException {
    Map<String, Report.Score> scores = new HashMap<>();
    if (Files.exists(json)) {
      for (Report.Score s : Report.readJmh(json)) {
        if (!Report.ownShape(s.fill())) {
          continue;
        }
        scores.put(s.cache().isEmpty() ? s.method() : s.method() + "/" + s.cache(), s);
      }
    }
    return scores;
  }

  /** Reads per microsecond an exact order kept in shared memory can reach on 2 threads. */
  private static double sharedMemoryCeiling(OrderDemand d, double handoffNanos) {
    return 2000 / (d.crossingPerRead() * handoffNanos);
  }

  /** Reads per microsecond an exact order by the clock can reach on 2 threads. */
  private static double clockCeiling(OrderDemand d, double clockNanos) {
    return 2000 / (d.recordedPerRead() * clockNanos);
  }
}
