package dev.purecache.benchmarks;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import dev.purecache.memo.Memoized;
import dev.purecache.memo.MemoizedBiFunction;
import dev.purecache.memo.MemoizedFunction;
import dev.purecache.memo.Memoizer;
import java.time.Duration;
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
 * Hits of memoized calls, to be run with {@code -prof gc} for the bytes each hit allocates
 * ({@code gc.alloc.rate.norm}): a one-argument {@link MemoizedFunction} (whose argument is its own
 * key: a hit should allocate nothing), a {@link MemoizedBiFunction} (a key object per call), a
 * one-argument {@link Memoized} method through a proxy (the JDK proxy's argument array per call),
 * and for reference {@code computeIfAbsent} on the same kind of cache with a loader held in a
 * field. Every call hits one key, present before the run; each cache counts statistics when
 * {@link #recordStats} says so.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoBenchmark {

  @Param({"LRU", "LFU", "TTL", "LRU_TTL"})
  Policy policy;

  @Param({"false", "true"})
  boolean recordStats;

  /** A service with one memoized method, for the proxy. */
  public interface Lookup {
    @Memoized(capacity = 1024)
    Integer find(Integer id);
  }

  Integer key;
  Integer second;
  Cache<Integer, Integer> plain;
  final Function<Integer, Integer> loader = id -> id + 1;
  MemoizedFunction<Integer, Integer> function;
  MemoizedBiFunction<Integer, Integer, Integer> biFunction;
  Lookup proxy;

  private <K, V> Cache<K, V> newCache() {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().policy(policy).capacity(1024);
    if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
      builder.ttl(Duration.ofHours(1));
    }
    if (recordStats) {
      builder.recordStats();
    }
    return builder.build();
  }

  /** Builds the caches and memoized forms, and makes the one key present in each. */
  @Setup
  public void setup() {
    key = 4_242;
    second = 7;
    plain = newCache();
    function = Memoizer.memoize((Integer id) -> id + 1, newCache());
    biFunction = Memoizer.memoize((Integer a, Integer b) -> a + b, newCache());
    proxy = Memoizer.proxy(Lookup.class, id -> id + 1);
    plain.computeIfAbsent(key, loader);
    function.apply(key);
    biFunction.apply(key, second);
    proxy.find(key);
  }

  /** A hit of a one-argument memoized function. */
  @Benchmark
  public Integer function_hit() {
    return function.apply(key);
  }

  /** A hit of a two-argument memoized function. */
  @Benchmark
  public Integer biFunction_hit() {
    return biFunction.apply(key, second);
  }

  /** A hit of a memoized method through a proxy (its cache is built from the annotation). */
  @Benchmark
  public Integer proxy_hit() {
    return proxy.find(key);
  }

  /** The cache's own {@code computeIfAbsent} hit, the floor of the memoized forms. */
  @Benchmark
  public Integer computeIfAbsent_hit() {
    return plain.computeIfAbsent(key, loader);
  }
}
