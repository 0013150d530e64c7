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
import java.util.concurrent.atomic.AtomicIntegerArray;
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
 * <p>Free threads drift apart: one may be scheduled thousands of accesses before another, so the
 * cache sees the trace's shares side by side from different times, not the trace. Each 2- and
 * 4-thread case therefore also runs with every thread held within {@link #BOUNDED_LEAD} trace
 * positions of the slowest (the cache then sees the trace up to a local shuffle), which measures
 * the cache, where free threads measure the scheduler as well.
 *
 * <p>Writes a CSV, {@code trace,size,cache,threads,maxLead,run,accesses,hits,hitRatio,largestLead}
 * ({@code maxLead} is {@code none} for free threads; {@code largestLead} is the largest lead seen),
 * and prints the Markdown table of {@link #table}.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.purecache.benchmarks.ConcurrentTraceReplayer
 * [tracesDir] [out.csv] [runs]}.
 */
public final class ConcurrentTraceReplayer {
  /** The cache types replayed. */
  static final CacheType[] TYPES = {CacheType.PURE_ADAPTIVE, CacheType.CAFFEINE};

  /** The thread counts replayed. */
  static final int[] THREADS = {1, 2, 4};

  /** The bound on a thread's lead, in trace positions, that the main method also replays. */
  static final int BOUNDED_LEAD = 32;

  /** A bound on the lead that never holds a thread back: the threads run free. */
  static final int FREE = Integer.MAX_VALUE;

  /** A thread publishes its position once per this many of its accesses. */
  static final int PUBLISH_EVERY = 4;

  /** The position a finished thread publishes: past any trace. */
  private static final int DONE = Integer.MAX_VALUE;

  /** Ints between two threads' positions, so that each has its own cache line. */
  private static final int PAD = 32;

  private ConcurrentTraceReplayer() {}

  /**
   * The result of one replay: each thread's hits, and the largest lead, in trace positions, that
   * any thread had over the slowest other when it published its position.
   */
  record Replay(long[] hits, int largestLead) {
    /** All threads' hits. */
    long totalHits() {
      long sum = 0;
      for (long h : hits) {
        sum += h;
      }
      return sum;
    }
  }

  /**
   * Replays {@code keys} through {@code cache} on {@code threads} platform threads started
   * together, thread {@code i} taking accesses {@code i, i + threads, ...}. Every {@link
   * #PUBLISH_EVERY} of its accesses a thread publishes its position in the trace and, if it is more
   * than {@code maxLead} positions ahead of the slowest unfinished thread, waits (spins, then
   * yields) until it is not; {@link #FREE} never waits.
   *
   * @throws IllegalArgumentException if {@code threads} is below 1 or {@code maxLead} below 0
   * @throws IllegalStateException if a thread failed (its exception is the cause)
   */
  static Replay replay(BenchCache<Long, Long> cache, long[] keys, int threads, int maxLead)
      throws InterruptedException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
    if (maxLead < 0) {
      throw new IllegalArgumentException("maxLead must be at least 0, was " + maxLead);
    }
    long[] hits = new long[threads];
    int[] leads = new int[threads];
    AtomicIntegerArray position = new AtomicIntegerArray(threads * PAD);
    for (int t = 0; t < threads; t++) {
      position.set(t * PAD, t);
    }
    CyclicBarrier start = new CyclicBarrier(threads);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      int me = t;
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
                    int lead = 0;
                    int n = 0;
                    try {
                      for (int i = me; i < keys.length; i += threads) {
                        if (n++ % PUBLISH_EVERY == 0) {
                          lead = Math.max(lead, pace(position, me, i, threads, maxLead));
                        }
                        if (policy.access(keys[i])) {
                          own++;
                        }
                      }
                    } finally {
                      position.setRelease(me * PAD, DONE); // nobody waits for a finished thread
                    }
                    hits[me] = own;
                    leads[me] = lead;
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
    int largest = 0;
    for (int lead : leads) {
      largest = Math.max(largest, lead);
    }
    return new Replay(hits, largest);
  }

  /**
   * Publishes thread {@code me}'s position {@code i}, waits while it is more than {@code maxLead}
   * positions ahead of the slowest other thread, and returns its lead then (0 if it is not ahead).
   */
  private static int pace(AtomicIntegerArray position, int me, int i, int threads, int maxLead) {
    position.setRelease(me * PAD, i);
    int spins = 0;
    int lead;
    while ((lead = i - slowest(position, me, threads)) > maxLead) {
      if (++spins < 64) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
    return Math.max(lead, 0);
  }

  private static int slowest(AtomicIntegerArray position, int me, int threads) {
    int min = DONE;
    for (int t = 0; t < threads; t++) {
      if (t != me) {
        min = Math.min(min, position.getAcquire(t * PAD));
      }
    }
    return min;
  }

  /** Replays every trace at every size, cache type, thread count and lead bound; writes the CSV. */
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
      String header = "trace,size,cache,threads,maxLead,run,accesses,hits,hitRatio,largestLead";
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
              for (int maxLead : threads == 1 ? new int[] {FREE} : new int[] {FREE, BOUNDED_LEAD}) {
                for (int run = 1; run <= runs; run++) {
                  Replay replay = replay(type.create(size, 0, true), keys, threads, maxLead);
                  String line =
                      String.format(Locale.ROOT, "%s,%d,%s,%d,%s,%d,%d,%d,%.4f,%d", trace.getKey(),
                          size, type.name(), threads, maxLead == FREE ? "none" : maxLead, run,
                          keys.length, replay.totalHits(), 100.0 * replay.totalHits() / keys.length,
                          replay.largestLead());
                  csv.println(line);
                  lines.add(line);
                }
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
   * Returns the Markdown table of the CSV's {@code lines} (header included). Per trace and size,
   * for each cache type: the mean 1-thread ratio, then for the bounded lead and for free threads
   * the mean 2- and 4-thread ratios and the largest difference of any 2- or 4-thread run from the
   * 1-thread mean, in percentage points, signed.
   */
  static String table(List<String> lines) {
    // case -> "threads/maxLead" -> ratios
    Map<Case, Map<String, List<Double>>> ratios = new LinkedHashMap<>();
    Map<String, Case> rows = new LinkedHashMap<>();
    List<String> caches = new ArrayList<>();
    String bounded = null;
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      Case c = new Case(f[0], Integer.parseInt(f[1]), f[2]);
      rows.putIfAbsent(f[0] + "," + f[1], c);
      if (!caches.contains(f[2])) {
        caches.add(f[2]);
      }
      if (!f[3].equals("1") && !f[4].equals("none")) {
        bounded = f[4];
      }
      String key = f[3].equals("1") ? "1" : f[3] + "/" + f[4];
      ratios
          .computeIfAbsent(c, k -> new LinkedHashMap<>())
          .computeIfAbsent(key, k -> new ArrayList<>())
          .add(Double.parseDouble(f[8]));
    }
    List<String> leads = new ArrayList<>();
    if (bounded != null) {
      leads.add(bounded);
    }
    leads.add("none");
    StringBuilder md = new StringBuilder("| trace | size |");
    StringBuilder rule = new StringBuilder("|---|---:|");
    for (String cache : caches) {
      md.append(' ').append(cache).append(", 1 thread |");
      rule.append("---:|");
      for (String lead : leads) {
        String how = lead.equals("none") ? "free" : "lead ≤ " + lead;
        md.append(" 2 / 4 threads, ").append(how).append(" | worst Δ pp |");
        rule.append("---:|---:|");
      }
    }
    md.append('\n').append(rule).append('\n');
    for (Case row : rows.values()) {
      md.append("| ").append(row.trace()).append(" | ").append(row.size()).append(" |");
      for (String cache : caches) {
        Map<String, List<Double>> of = ratios.getOrDefault(
            new Case(row.trace(), row.size(), cache), Map.of());
        if (!of.containsKey("1")) {
          md.append(" |").append(" | |".repeat(leads.size()));
          continue;
        }
        double single = average(of.get("1"));
        md.append(String.format(Locale.ROOT, " %.2f |", single));
        for (String lead : leads) {
          List<Double> two = of.getOrDefault("2/" + lead, List.of());
          List<Double> four = of.getOrDefault("4/" + lead, List.of());
          double worst = 0;
          for (List<Double> runs : List.of(two, four)) {
            for (double r : runs) {
              if (Math.abs(r - single) > Math.abs(worst)) {
                worst = r - single;
              }
            }
          }
          md.append(String.format(Locale.ROOT, " %s / %s | %+.2f |", mean(two), mean(four), worst));
        }
      }
      md.append('\n');
    }
    return md.toString();
  }

  /** The mean of {@code values} to two decimals, or "-" if there are none. */
  private static String mean(List<Double> values) {
    return values.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f", average(values));
  }

  private static double average(List<Double> values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.size();
  }
}
