package dev.purecache.benchmarks;

import java.util.Arrays;
import java.util.HashSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Throughput of reads and writes over a pre-filled cache with a scrambled Zipf key stream, shaped
 * like Caffeine's {@code GetPutBenchmark}: capacity 2^15, 2^15 / 3 distinct keys (so every read
 * hits and every write replaces), a ring of 2^15 pre-drawn keys walked from a random offset per
 * thread. Run with {@code -t 1} and {@code -t 2}.
 *
 * <p>In that shape the cache holds only the stream's keys, under a fifth of its capacity, and
 * Caffeine keeps no order at all below half of its maximum (its frequency sketch, and with it the
 * read buffer, starts when the size first reaches half), so its reads and replacing writes do no
 * policy work. {@link #fillPercent} tops the cache up with keys the stream never uses, to compare
 * the caches with their policies at work; the stream, and so every read and write, is the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class GetPutBenchmark {
  /** Maximum entries of every cache. */
  public static final int CAPACITY = 1 << 15;

  /** Size of the pre-drawn key ring. */
  static final int SIZE = 1 << 15;

  static final int MASK = SIZE - 1;

  /** The keys the Zipf stream draws from (its ring holds 5,218 distinct ones of them). */
  static final int ITEMS = SIZE / 3;

  @Param({
    "PURE_ADAPTIVE", "PURE_LRU", "PURE_LFU", "PURE_LRU_TTL", "PURE_TTL",
    "CAFFEINE", "CAFFEINE_TTL", "GUAVA", "CACHE2K", "LHM_LRU", "CHM"
  })
  CacheType cacheType;

  /**
   * How full the cache is before the run, in percent of its capacity: 0 keeps only the stream's
   * keys (Caffeine's shape); above that, distinct keys outside the stream (negative, while the
   * stream's are not) fill the cache to that share.
   */
  @Param({"0"})
  int fillPercent;

  BenchCache<Integer, Boolean> cache;
  Integer[] keys;

  /** Per-thread position in the key ring. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  /** Builds the cache and fills it (see {@link #fill}); checks that every stream key hits. */
  @Setup
  public void setup() {
    cache = cacheType.create(CAPACITY);
    keys = new ScrambledZipf(ITEMS, 42).keys(SIZE);
    fill(cache, keys, fillPercent);
    for (Integer key : keys) {
      if (cache.get(key) == null) {
        throw new IllegalStateException(cacheType + " lost key " + key + " while pre-filling");
      }
    }
  }

  /**
   * Puts every key of {@code keys}, then distinct keys outside them (negative, while the stream's
   * are not) until the cache holds {@code fillPercent} of {@link #CAPACITY}, then runs pending
   * maintenance.
   */
  static void fill(BenchCache<Integer, Boolean> cache, Integer[] keys, int fillPercent) {
    for (Integer key : keys) {
      cache.put(key, Boolean.TRUE);
    }
    int distinct = new HashSet<>(Arrays.asList(keys)).size();
    for (int filler = 1; distinct + filler <= (long) fillPercent * CAPACITY / 100; filler++) {
      cache.put(-filler, Boolean.TRUE);
    }
    cache.cleanUp();
  }

  /** 100% reads. */
  @Benchmark
  public Boolean read_100(ThreadState t) {
    return cache.get(keys[t.index++ & MASK]);
  }

  /** 75% reads, 25% writes, interleaved in each thread. */
  @Benchmark
  public Boolean read_75_write_25(ThreadState t) {
    int i = t.index++;
    Integer key = keys[i & MASK];
    if ((i & 3) == 0) {
      cache.put(key, Boolean.FALSE);
      return Boolean.FALSE;
    }
    return cache.get(key);
  }

  /** 100% writes (every write replaces an existing entry). */
  @Benchmark
  public void write_100(ThreadState t) {
    cache.put(keys[t.index++ & MASK], Boolean.TRUE);
  }
}
