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
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays the traces of {@code shared/traces} split round-robin over several threads that share
 * one cache: with {@code T} threads, thread {@code i} takes accesses {@code i, i+T, i+2T, ...} of
 * the trace. The threads are started together (a barrier), each looks its keys up and puts on a
 * miss, as {@link TraceReplayer} does, and counts its own hits; the hit ratio is all hits over all
 * accesses. ADAPTIVE (the builder's default policy, default stripes) and Caffeine (maintenance on
 * the calling thread, as in the single-threaded replay) run at every size of {@link
 * TraceReplayer#SIZES}, on 1, 2 and 4 threads, each case {@code runs} times.
 *
 * <p>Writes a CSV, {@code trace,size,cache,threads,run,accesses,hits,hitRatio}, and prints a
 * Markdown table per cache type: the 1-thread ratio and, for 2 and 4 threads, the mean ratio and
 * the largest difference from the 1-thread mean, in percentage points.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.ConcurrentTraceReplayer
 * [tracesDir] [out.csv] [runs]}.
 */
public final class ConcurrentTraceReplayer {
  /** The cache types replayed. */
  static final CacheType[] TYPES = {CacheType.PURE_ADAPTIVE, CacheType.CAFFEINE};

  /** The thread counts replayed. */
  static final int[] THREADS = {1, 2, 4};

  private ConcurrentTraceReplayer() {}

  /**
   * Replays {@code keys} through {@code cache} on {@code threads} platform threads started
   * together, thread {@code i} taking accesses {@code i, i + threads, ...}. Returns each thread's
   * hits.
   *
   * @throws IllegalArgumentException if {@code threads} is below 1
   * @throws IllegalStateException if a thread failed (its exception is the cause)
   */
  static long[] replay(BenchCache<Long, Long> cache, long[] keys, int threads)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    long[] hits = new long[threads];
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int first = t;
      workers[t] =
          Thread.ofPlatform()
              .name("replay-" + t)
              .unstarted(
                  () -> {
                    ReferencePolicy policy = ReferencePolicy.of(cache);
                    try {
                      start.await();
                    } catch (InterruptedException | BrokenBarrierException e) {
                      failure.compareAndSet(null, e);
                      return;
                    }
                    long own = 0;
                    for (int i = first; i < keys.length; i += threads) {
                      if (policy.access(keys[i])) {
                        own++;
                      }
                    }
                    hits[first] = own;
                  });
      workers[t].setUncaughtExceptionHandler((thread, e) -> failure.compareAndSet(null, e));
    }
    for (Thread worker : workers) {
      worker.start();
    }
    for (Thread worker : workers) {
      worker.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a replay thread failed", failure.get());
    }
    return hits;
  }

  /** Replays every trace at every size, cache type and thread count; writes the CSV. */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path dir = Path.of(args.length > 0 ? args[0] : "../../shared/traces");
    Path out = Path.of(args.length > 1 ? args[1] : "results/hitratio-concurrent.csv");
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    List<String> lines = new ArrayList<>();
    long began = System.nanoTime();
    try (PrintStream csv = new PrintStream(Files.newOutputStream(out), true, "UTF-8")) {
      String header = "trace,size,cache,threads,run,accesses,hits,hitRatio";
      csv.println(header);
      lines.add(header);
      for (Map.Entry<String, int[]> trace : TraceReplayer.SIZES.entrySet()) {
        Path file = TraceReplayer.find(dir, trace.getKey());
        if (file == null) {
          System.err.println("no trace " + trace.getKey() + " in " + dir + ": skipped");
          continue;
        }
        long[] keys = Traces.read(file);
        for (int size : trace.getValue()) {
          for (CacheType type : TYPES) {
            for (int threads : THREADS) {
              for (int run = 1; run <= runs; run++) {
                long hits = 0;
                for (long h : replay(type.create(size, 0, true), keys, threads)) {
                  hits += h;
                }
                String line =
                    String.format(Locale.ROOT, "%s,%d,%s,%d,%d,%d,%d,%.4f", trace.getKey(), size,
                        type.name(), threads, run, keys.length, hits, 100.0 * hits / keys.length);
                csv.println(line);
                lines.add(line);
              }
            }
          }
          System.err.println(trace.getKey() + " " + size + " done");
        }
      }
    }
    System.err.printf(
        Locale.ROOT, "%d replays in %.1f s%n", lines.size() - 1, (System.nanoTime() - began) / 1e9);
    System.out.print(table(lines));
  }

  /** One case of the CSV: a trace, a size and a cache type. */
  private record Case(String trace, int size, String cache) {}

  /**
   * Returns the Markdown table of the CSV's {@code lines} (header included): per trace and size,
   * for each cache type, the mean 1-thread ratio, the mean 2- and 4-thread ratios, and the
   * largest absolute difference of any 2- or 4-thread run from the 1-thread mean, signed.
   */
  static String table(List<String> lines) {
    Map<Case, Map<Integer, List<Double>>> ratios = new LinkedHashMap<>();
    List<String> caches = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      Case c = new Case(f[0], Integer.parseInt(f[1]), f[2]);
      if (!caches.contains(f[2])) {
        caches.add(f[2]);
      }
      ratios
          .computeIfAbsent(c, k -> new LinkedHashMap<>())
          .computeIfAbsent(Integer.parseInt(f[3]), k -> new ArrayList<>())
          .add(Double.parseDouble(f[7]));
    }
    StringBuilder md = new StringBuilder("| trace | size |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    for (String cache : caches) {
      md.append(String.format(" %s 1 thread | 2 threads | 4 threads | worst Δ pp |", cache));
      rule.append("---:|---:|---:|---:|");
    }
    md.append('\n').append(rule).append('\n');
    Map<String, Integer> done = new LinkedHashMap<>();
    for (Case c : ratios.keySet()) {
      String row = c.trace() + "," + c.size();
      if (done.putIfAbsent(row, 1) != null) {
        continue;
      }
      md.append("| ").append(c.trace()).append(" | ").append(c.size()).append(" |");
      for (String cache : caches) {
        Map<Integer, List<Double>> byThreads = ratios.get(new Case(c.trace(), c.size(), cache));
        if (byThreads == null || !byThreads.containsKey(1)) {
          md.append(" | | | |");
          continue;
        }
        double single = mean(byThreads.get(1));
        double worst = 0;
        md.append(String.format(Locale.ROOT, " %.2f |", single));
        for (int threads : new int[] {2, 4}) {
          List<Double> runs = byThreads.getOrDefault(threads, List.of());
          md.append(runs.isEmpty() ? " |" : String.format(Locale.ROOT, " %.2f |", mean(runs)));
          for (double r : runs) {
            if (Math.abs(r - single) > Math.abs(worst)) {
              worst = r - single;
            }
          }
        }
        md.append(String.format(Locale.ROOT, " %+.2f |", worst));
      }
      md.append('\n');
    }
    return md.toString();
  }

  private static double mean(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
