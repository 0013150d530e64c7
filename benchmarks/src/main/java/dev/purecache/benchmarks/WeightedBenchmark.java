package dev.purecache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
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
 * Throughput of a cache bounded by weight, purecache beside Caffeine in the same configuration
 * ({@code maximumWeight} with a weigher). Values are their own weights, 1 to 8; the scrambled
 * Zipf stream draws from keys whose total weight is about twice the maximum, so misses and
 * evictions happen on every benchmark but the hot keys stay. Both caches start filled by the
 * stream. Run with {@code -t 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class WeightedBenchmark {
  /** The maximum total weight of both caches. */
  static final long MAXIMUM_WEIGHT = 1 << 15;

  static final int SIZE = 1 << 16;

  static final int MASK = SIZE - 1;

  /** Distinct keys: about 14,500 of weight 4.5 on average, twice the maximum. */
  static final int ITEMS = 14_500;

  /**
   * Which cache: purecache's weighted ADAPTIVE (the default for a weighted cache: one stripe),
   * weighted LRU with one stripe or with 16 (the maximum weight split over them), or Caffeine's.
   */
  @Param({"PURE_ADAPTIVE", "PURE_LRU", "PURE_LRU_16_STRIPES", "CAFFEINE"})
  String cacheType;

  /** The cache under test, behind one small interface so both run the same benchmark code. */
  interface Weighted {
    Integer get(Integer key);

    void put(Integer key, Integer value);
  }

  Weighted cache;
  Integer[] keys;

  /** Per-thread position in the key ring. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  /** Weight (and value) of a key: 1 to 8. */
  static Integer weightOf(Integer key) {
    return 1 + (key & 7);
  }

  @Setup
  public void setup() {
    cache =
        switch (cacheType) {
          case "PURE_ADAPTIVE", "PURE_LRU", "PURE_LRU_16_STRIPES" -> {
            Cache<Integer, Integer> pure =
                CacheBuilder.newBuilder()
                    .policy(cacheType.equals("PURE_ADAPTIVE") ? Policy.ADAPTIVE : Policy.LRU)
                    .maximumWeight(MAXIMUM_WEIGHT)
                    .weigher((Integer k, Integer v) -> v)
                    .stripes(cacheType.equals("PURE_LRU_16_STRIPES") ? 16 : 1)
                    .build();
            yield new Weighted() {
              @Override
              public Integer get(Integer key) {
                return pure.get(key);
              }

              @Override
              public void put(Integer key, Integer value) {
                pure.put(key, value);
              }
            };
          }
          case "CAFFEINE" -> {
            com.github.benmanes.caffeine.cache.Cache<Integer, Integer> caffeine =
                Caffeine.newBuilder()
                    .maximumWeight(MAXIMUM_WEIGHT)
                    .weigher((Integer k, Integer v) -> v)
                    .build();
            yield new Weighted() {
              @Override
              public Integer get(Integer key) {
                return caffeine.getIfPresent(key);
              }

              @Override
              public void put(Integer key, Integer value) {
                caffeine.put(key, value);
              }
            };
          }
          default -> throw new IllegalArgumentException(cacheType);
        };
    keys = new ScrambledZipf(ITEMS, 42).keys(SIZE);
    for (Integer key : keys) {
      cache.put(key, weightOf(key));
    }
  }

  /** 100% reads; a miss loads nothing. */
  @Benchmark
  public Integer read_100(ThreadState t) {
    return cache.get(keys[t.index++ & MASK]);
  }

  /** 75% reads, 25% writes; a write evicts where the new entry does not fit. */
  @Benchmark
  public Integer read_75_write_25(ThreadState t) {
    int i = t.index++;
    Integer key = keys[i & MASK];
    if ((i & 3) == 0) {
      cache.put(key, weightOf(key));
      return key;
    }
    return cache.get(key);
  }

  /** Reads that put what they miss, as a cache-aside caller does. */
  @Benchmark
  public Integer read_put_on_miss(ThreadState t) {
    Integer key = keys[t.index++ & MASK];
    Integer value = cache.get(key);
    if (value == null) {
      value = weightOf(key);
      cache.put(key, value);
    }
    return value;
  }
}
