package dev.purecache.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Two loading scenarios, run for purecache, Caffeine ({@code get(k, fn)}) and Guava ({@code
 * get(k, callable)}).
 *
 * <ol>
 *   <li><b>Stampede</b>: 10,000 virtual threads released at once over 100 keys (thread i asks for
 *       key i % 100), each key's loader sleeping 20 ms. Reports loader calls, wall time from the
 *       release to the last return, p50 / p99 call latency, and p50 / p99 of when the calls
 *       began after the release (the released threads do not all start at once, and a call
 *       that begins after its key's load has ended is a hit); a FLOOR row runs the same
 *       threads over a pre-filled map with no load, to show what the release itself costs here.
 *   <li><b>The rest keeps moving</b>: two platform threads read (75%) and write (25%) Zipf keys
 *       of a pre-filled cache for 0.9 s, once while a virtual thread's load of another key takes
 *       1 s (the window closes before the load ends), once with no load in flight; the ratio
 *       of their operation counts. Repeated in alternation, the median ratio is reported (and
 *       each pair on standard error).
 * </ol>
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.Stampede [rounds]}.
 */
public final class Stampede {
  static final int THREADS = 10_000;
  static final int KEYS = 100;
  static final long LOAD_MILLIS = 20;
  static final long SLOW_LOAD_MILLIS = 1_000;
  /** A window of "the rest keeps moving": shorter than the slow load, so it is in flight throughout. */
  static final long WINDOW_MILLIS = SLOW_LOAD_MILLIS * 9 / 10;
  /** Slow-load keys: negative, so never in the Zipf stream, and new each window, so never a hit. */
  private static final AtomicInteger SLOW_KEYS = new AtomicInteger();
  static final int WORKERS = 2;

  static final CacheType[] TYPES = {
    CacheType.PURE_LRU, CacheType.PURE_LRU_TTL, CacheType.CAFFEINE, CacheType.GUAVA
  };

  /** The CSV header of the stampede rounds. */
  static final String ROUNDS_HEADER =
      "cache,round,loaderCalls,wallMs,wallOverLoad,p50Ms,p99Ms,startP50Ms,startP99Ms";

  /** The CSV header of the keeps-moving summary, one row per cache. */
  static final String MOVING_HEADER =
      "cache,pairs,medianOpsPerMsNoLoad,medianOpsPerMsDuringLoad,medianRatio,minRatio";

  private Stampede() {}

  /** The result of one stampede round. */
  record Round(
      int loaderCalls,
      double wallMillis,
      double p50Millis,
      double p99Millis,
      double startP50Millis,
      double startP99Millis) {}

  /** Runs both scenarios and prints one line per cache and scenario. */
  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    System.out.println("# stampede: " + THREADS + " virtual threads, " + KEYS + " keys, "
        + LOAD_MILLIS + " ms loader; round 0 is warm-up");
    System.out.println(ROUNDS_HEADER);
    for (int r = 0; r <= rounds; r++) {
      Round round = floor();
      print("FLOOR", r, round);
    }
    for (CacheType type : TYPES) {
      for (int r = 0; r <= rounds; r++) {
        print(type.name(), r, stampede(type));
      }
    }
    System.out.println("# the rest keeps moving: " + WORKERS + " threads, read 75 / write 25, "
        + WINDOW_MILLIS + " ms windows, with and without a " + SLOW_LOAD_MILLIS
        + " ms load of another key in flight");
    System.out.println(MOVING_HEADER);
    for (CacheType type : TYPES) {
      keepsMoving(type, Math.max(rounds, 5));
    }
  }

  private static void print(String cache, int r, Round round) {
    System.out.printf(Locale.ROOT, "%s,%d,%d,%.1f,%.2f,%.1f,%.1f,%.1f,%.1f%n", cache, r,
        round.loaderCalls, round.wallMillis, round.wallMillis / LOAD_MILLIS, round.p50Millis,
        round.p99Millis, round.startP50Millis, round.startP99Millis);
  }

  /**
   * The harness's own floor: the same 10,000 virtual threads released at once, each reading a
   * present key of a {@code ConcurrentHashMap} (no load at all). Its wall time is what releasing
   * and running the threads costs on this machine.
   */
  static Round floor() throws InterruptedException {
    BenchCache<Integer, Integer> map = CacheType.CHM.create(KEYS);
    for (int k = 0; k < KEYS; k++) {
      map.put(k, k * 2);
    }
    return run(CacheType.CHM, map, key -> {
      throw new IllegalStateException("present keys never load");
    }, new AtomicInteger());
  }

  static Round stampede(CacheType type) throws InterruptedException {
    BenchCache<Integer, Integer> cache = type.create(1_000);
    AtomicInteger calls = new AtomicInteger();
    Function<Integer, Integer> loader =
        key -> {
          calls.incrementAndGet();
          try {
            Thread.sleep(LOAD_MILLIS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          return key * 2;
        };
    return run(type, cache, loader, calls);
  }

  private static Round run(
      CacheType type,
      BenchCache<Integer, Integer> cache,
      Function<Integer, Integer> loader,
      AtomicInteger calls)
      throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    long[] latencies = new long[THREADS];
    long[] starts = new long[THREADS];
    AtomicInteger wrong = new AtomicInteger();
    List<Thread> threads = new ArrayList<>(THREADS);
    for (int i = 0; i < THREADS; i++) {
      int index = i;
      Integer key = i % KEYS;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    ready.countDown();
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    long start = System.nanoTime();
                    Integer value = cache.computeIfAbsent(key, loader);
                    latencies[index] = System.nanoTime() - start;
                    starts[index] = start;
                    if (value == null || value != key * 2) {
                      wrong.incrementAndGet();
                    }
                  }));
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    long wall = System.nanoTime() - start;
    if (wrong.get() != 0) {
      throw new IllegalStateException(type + ": " + wrong.get() + " callers got a wrong value");
    }
    long[] sinceRelease = Arrays.stream(starts).map(t -> t - start).sorted().toArray();
    Arrays.sort(latencies);
    return new Round(calls.get(), wall / 1e6, percentile(latencies, 0.50) / 1e6,
        percentile(latencies, 0.99) / 1e6, percentile(sinceRelease, 0.50) / 1e6,
        percentile(sinceRelease, 0.99) / 1e6);
  }

  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static void keepsMoving(CacheType type, int pairs) throws InterruptedException {
    BenchCache<Integer, Boolean> cache = type.create(GetPutBenchmark.CAPACITY);
    Integer[] keys = new ScrambledZipf(GetPutBenchmark.ITEMS, 7).keys(GetPutBenchmark.SIZE);
    for (Integer key : keys) {
      cache.put(key, Boolean.TRUE);
    }
    window(cache, keys, false); // warm-up
    window(cache, keys, true);
    double[] without = new double[pairs];
    double[] during = new double[pairs];
    double[] ratios = new double[pairs];
    for (int p = 0; p < pairs; p++) {
      without[p] = window(cache, keys, false);
      during[p] = window(cache, keys, true);
      ratios[p] = during[p] / without[p];
      System.err.printf(Locale.ROOT, "keeps-moving %s pair %d: %.0f ops/ms without a load, %.0f"
          + " during one, ratio %.3f%n", type, p + 1, without[p], during[p], ratios[p]);
    }
    double min = Arrays.stream(ratios).min().orElse(0);
    System.out.printf(Locale.ROOT, "%s,%d,%.0f,%.0f,%.3f,%.3f%n", type, pairs, median(without),
        median(during), median(ratios), min);
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs the workers for one window and returns their operations per millisecond; with {@code
   * slowLoad}, a virtual thread loads an absent key for the whole window.
   */
  static double window(BenchCache<Integer, Boolean> cache, Integer[] keys, boolean slowLoad)
      throws InterruptedException {
    Integer slowKey = -1 - SLOW_KEYS.getAndIncrement();
    CountDownLatch loading = new CountDownLatch(1);
    Thread loader = null;
    if (slowLoad) {
      loader =
          Thread.ofVirtual()
              .start(
                  () ->
                      cache.computeIfAbsent(
                          slowKey,
                          k -> {
                            loading.countDown();
                            try {
                              Thread.sleep(SLOW_LOAD_MILLIS);
                            } catch (InterruptedException e) {
                              Thread.currentThread().interrupt();
                            }
                            return Boolean.TRUE;
                          }));
      loading.await();
    }
    AtomicLong ops = new AtomicLong();
    long deadline = System.nanoTime() + WINDOW_MILLIS * 1_000_000;
    Thread[] workers = new Thread[WORKERS];
    long start = System.nanoTime();
    for (int w = 0; w < WORKERS; w++) {
      int offset = w * 7919;
      workers[w] =
          Thread.ofPlatform()
              .start(
                  () -> {
                    long count = 0;
                    int i = offset;
                    while ((count & 1023) != 0 || System.nanoTime() < deadline) {
                      Integer key = keys[i++ & GetPutBenchmark.MASK];
                      if ((i & 3) == 0) {
                        cache.put(key, Boolean.FALSE);
                      } else {
                        cache.get(key);
                      }
                      count++;
                    }
                    ops.addAndGet(count);
                  });
    }
    for (Thread w : workers) {
      w.join();
    }
    long elapsed = System.nanoTime() - start;
    if (loader != null) {
      loader.join();
    }
    return ops.get() / (elapsed / 1e6);
  }
}
