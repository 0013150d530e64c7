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
 * one-argument {@link Memoized} method through a proxy (the JDK proxy makes an argument array per
 * call), and for reference {@code computeIfAbsent} on the same kind of cache with a loader held in
 * a field. Every call hits one key, present before the run. The functions' caches take the
 * {@link Caches#policy} and {@link Caches#recordStats} parameters; the proxied method's cache is
 * built from its annotation (LRU, statistics on), so it runs once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MemoBenchmark {

  /** The memoized functions and a plain cache, all of one policy. */
  @State(Scope.Benchmark)
  public static class Caches {
    @Param({"LRU", "LFU", "TTL", "LRU_TTL"})
    Policy policy;

    @Param({"false", "true"})
    boolean recordStats;

    /** Read from fields, not constants, so that the JIT cannot fold the keys. */
    Integer key = 4_242;

    Integer second = 7;
    Cache<Integer, Integer> plain;
    final Function<Integer, Integer> loader = id -> id + 1;
    MemoizedFunction<Integer, Integer> function;
    MemoizedBiFunction<Integer, Integer, Integer> biFunction;

    private <K, V> Cache<K, V> newCache() {
      CacheBuilder<Object, Object> builder =
          CacheBuilder.newBuilder().policy(policy).capacity(1024);
      if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
        builder.ttl(Duration.ofHours(1));
      }
      if (recordStats) {
        builder.recordStats();
      }
      return builder.build();
    }

    /** Builds the caches and memoized functions, and makes the key present in each. */
    @Setup
    public void setup() {
      plain = newCache();
      function = Memoizer.memoize((Integer id) -> id + 1, newCache());
      biFunction = Memoizer.memoize((Integer a, Integer b) -> a + b, newCache());
      plain.computeIfAbsent(key, loader);
      function.apply(key);
      biFunction.apply(key, second);
    }
  }

  /** A service with one memoized method, for the proxy. */
  public interface Lookup {
    @Memoized(capacity = 1024)
    Integer find(Integer id);
  }

  /** A memoizing proxy of {@link Lookup}. */
  @State(Scope.Benchmark)
  public static class Proxied {
    Integer key = 4_242;
    Lookup proxy;

    /** Builds the proxy and makes the key present. */
    @Setup
    public void setup() {
      proxy = Memoizer.proxy(Lookup.class, id -> id + 1);
      proxy.find(key);
    }
  }

  /** A hit of a one-argument memoized function. */
  @Benchmark
  public Integer function_hit(Caches c) {
    return c.function.apply(c.key);
  }

  /** A hit of a two-argument memoized function. */
  @Benchmark
  public Integer biFunction_hit(Caches c) {
    return c.biFunction.apply(c.key, c.second);
  }

  /** A hit of a memoized method through a proxy. */
  @Benchmark
  public Integer proxy_hit(Proxied p) {
    return p.proxy.find(p.key);
  }

  /** The cache's own {@code computeIfAbsent} hit, the floor of the memoized forms. */
  @Benchmark
  public Integer computeIfAbsent_hit(Caches c) {
    return c.plain.computeIfAbsent(c.key, c.loader);
  }
}
