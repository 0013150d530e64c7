package dev.purecache.benchmarks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code computeIfAbsent} on present keys: one hot key, and keys spread by the scrambled Zipf
 * stream. purecache's {@code computeIfAbsent}, Caffeine's {@code get(k, fn)}, Guava's {@code
 * get(k, callable)}, cache2k's {@code computeIfAbsent} and {@code
 * ConcurrentHashMap.computeIfAbsent}. Run with {@code -t 1} and {@code -t 2}. The hot key is
 * one of the stream's, so every cache holds it along with the rest of the stream's keys (and
 * {@link #fillPercent}'s filler keys).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ComputeBenchmark {
  static final int MASK = GetPutBenchmark.MASK;

  @Param({
    "PURE_ADAPTIVE", "PURE_LRU", "PURE_LFU", "PURE_LRU_TTL", "PURE_TTL",
    "CAFFEINE", "GUAVA", "CACHE2K", "CHM"
  })
  CacheType cacheType;

  /** How full the cache is before the run, as in {@link GetPutBenchmark#fillPercent}. */
  @Param({"0"})
  int fillPercent;

  BenchCache<Integer, Boolean> cache;
  Integer[] keys;
  Integer hotKey;
  final Function<Integer, Boolean> loader = key -> Boolean.TRUE;

  /** Per-thread position in the key ring. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  /** Builds the cache and fills it with every key of the stream. */
  @Setup
  public void setup() {
    cache = cacheType.create(GetPutBenchmark.CAPACITY);
    keys = new ScrambledZipf(GetPutBenchmark.ITEMS, 42).keys(GetPutBenchmark.SIZE);
    GetPutBenchmark.fill(cache, keys, fillPercent);
    hotKey = keys[0];
  }

  /** Every thread computes the same present key. */
  @Benchmark
  public Boolean compute_hot(ThreadState t) {
    return cache.computeIfAbsent(hotKey, loader);
  }

  /** Each thread computes present keys along the Zipf stream. */
  @Benchmark
  public Boolean compute_spread(ThreadState t) {
    return cache.computeIfAbsent(keys[t.index++ & MASK], loader);
  }
}
