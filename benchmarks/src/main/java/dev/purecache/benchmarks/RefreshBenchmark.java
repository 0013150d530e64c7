package dev.purecache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import java.time.Duration;
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
 * Reads of a loading cache that refreshes after write, side by side with Caffeine in the same
 * configuration ({@code maximumSize} / {@code capacity}, {@code refreshAfterWrite}, a loader that
 * returns at once; purecache with its default policy, ADAPTIVE, and with exact LRU): every key of the scrambled Zipf stream of {@link GetPutBenchmark} is loaded
 * first, then read. With {@code refreshMillis = 1}, every key read more often than once a
 * millisecond goes stale again each millisecond, so reads keep starting background reloads
 * (refresh-heavy); with {@code 3600000}, no entry goes stale during the run, which prices the
 * staleness check alone. Each cache reloads on its default executor: purecache's load engine
 * (a virtual thread per reload), Caffeine's {@code ForkJoinPool.commonPool()}. Run with {@code -t
 * 1} and {@code -t 2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RefreshBenchmark {
  static final int MASK = GetPutBenchmark.MASK;

  /** Which cache: purecache's (the default ADAPTIVE policy, or exact LRU) or Caffeine's. */
  @Param({"PURECACHE", "PURECACHE_LRU", "CAFFEINE"})
  String cache;

  /** The refresh interval in milliseconds. */
  @Param({"1", "3600000"})
  long refreshMillis;

  Function<Integer, Boolean> reader;
  Integer[] keys;

  /** Per-thread position in the key ring. */
  @State(Scope.Thread)
  public static class ThreadState {
    int index = ThreadLocalRandom.current().nextInt();
  }

  /** Builds the cache and loads every key of the stream. */
  @Setup
  public void setup() {
    Duration refresh = Duration.ofMillis(refreshMillis);
    reader =
        switch (cache) {
          case "PURECACHE", "PURECACHE_LRU" -> {
            dev.purecache.LoadingCache<Integer, Boolean> c =
                CacheBuilder.newBuilder()
                    .policy(cache.equals("PURECACHE") ? Policy.ADAPTIVE : Policy.LRU)
                    .capacity(GetPutBenchmark.CAPACITY)
                    .refreshAfterWrite(refresh)
                    .build(key -> Boolean.TRUE);
            yield c::get;
          }
          case "CAFFEINE" -> {
            com.github.benmanes.caffeine.cache.LoadingCache<Integer, Boolean> c =
                Caffeine.newBuilder()
                    .maximumSize(GetPutBenchmark.CAPACITY)
                    .refreshAfterWrite(refresh)
                    .build(key -> Boolean.TRUE);
            yield c::get;
          }
          default -> throw new IllegalArgumentException("unknown cache " + cache);
        };
    keys = new ScrambledZipf(GetPutBenchmark.ITEMS, 42).keys(GetPutBenchmark.SIZE);
    for (Integer key : keys) {
      reader.apply(key);
    }
  }

  /** Each thread reads keys along the Zipf stream. */
  @Benchmark
  public Boolean get_spread(ThreadState t) {
    return reader.apply(keys[t.index++ & MASK]);
  }
}
