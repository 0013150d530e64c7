package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Awaits;
import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Stampedes: many virtual threads make the same call at once. The memoized code holds its one run
 * open until the cache has counted every caller as a miss (each one has joined the run and is
 * parked on it), so every caller overlaps with that run; without single-flight each caller would
 * run the code itself.
 */
@Timeout(120)
class MemoizerConcurrencyTest {
  private static final int CALLERS = 10_000;

  /** Runs {@code call} on {@code callers} virtual threads; returns each result or exception. */
  private static List<Object> callConcurrently(int callers, Callable<?> call)
      throws InterruptedException {
    List<Future<?>> futures = new ArrayList<>(callers);
    List<Object> outcomes = new ArrayList<>(callers);
    try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        futures.add(executor.submit(call));
      }
      for (Future<?> future : futures) {
        try {
          outcomes.add(future.get(90, TimeUnit.SECONDS));
        } catch (ExecutionException e) {
          outcomes.add(e.getCause());
        } catch (TimeoutException e) {
          throw new AssertionError("a caller did not finish within 90 s", e);
        }
      }
    }
    return outcomes;
  }

  @Test
  void tenThousandConcurrentIdenticalCallsRunTheFunctionOnce() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache = CacheBuilder.newBuilder().capacity(16).recordStats().build();
    Function<Integer, String> slow =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              Awaits.misses(cache::stats, CALLERS);
              return "value-" + x;
            },
            cache);

    List<Object> outcomes = callConcurrently(CALLERS, () -> slow.apply(42));

    assertThat(calls).hasValue(1);
    assertThat(outcomes).hasSize(CALLERS).allMatch("value-42"::equals);
    CacheStats stats = cache.stats();
    assertThat(stats.missCount()).isEqualTo(CALLERS);
    assertThat(stats.hitCount()).isZero();
    assertThat(stats.loadSuccessCount()).isEqualTo(1);
  }

  @Test
  void tenThousandConcurrentCallsOfANullResultRunTheFunctionOnce() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache = CacheBuilder.newBuilder().capacity(16).recordStats().build();
    MemoizedFunction<String, String> absent =
        Memoizer.memoize(
            key -> {
              calls.incrementAndGet();
              Awaits.misses(cache::stats, CALLERS);
              return null;
            },
            cache);

    List<Object> outcomes = callConcurrently(CALLERS, () -> absent.apply("k"));

    assertThat(calls).hasValue(1);
    assertThat(outcomes).hasSize(CALLERS).containsOnlyNulls();
    assertThat(absent.apply("k")).isNull();
    assertThat(calls).hasValue(1);
  }

  @Test
  void concurrentCallersOfAFailingRunShareItsOriginalExceptionAndTheNextCallRunsAgain()
      throws InterruptedException {
    int callers = 1_000;
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException failure = new IllegalStateException("backend down");
    Cache<Object, Object> cache = CacheBuilder.newBuilder().capacity(16).recordStats().build();
    MemoizedBiFunction<String, Integer, String> f =
        Memoizer.memoize(
            (String s, Integer n) -> {
              if (calls.incrementAndGet() == 1) {
                Awaits.misses(cache::stats, callers);
                throw failure;
              }
              return s + n;
            },
            cache);

    List<Object> outcomes = callConcurrently(callers, () -> f.apply("a", 1));

    assertThat(calls).hasValue(1);
    assertThat(outcomes).hasSize(callers).allMatch(o -> o == failure);
    assertThat(f.apply("a", 1)).isEqualTo("a1");
    assertThat(calls).hasValue(2);
  }

  interface Lookup {
    @Memoized(capacity = 64)
    String find(long id);
  }

  @Test
  void tenThousandConcurrentCallsThroughAProxyRunTheMethodOnce() throws InterruptedException {
    AtomicInteger calls = new AtomicInteger();
    AtomicReference<MemoizedMethod> handle = new AtomicReference<>();
    Lookup target =
        id -> {
          calls.incrementAndGet();
          Awaits.misses(() -> handle.get().stats(), CALLERS);
          return "user-" + id;
        };
    Lookup lookup = Memoizer.proxy(Lookup.class, target);
    handle.set(Memoizer.method(lookup, "find", long.class));

    List<Object> outcomes = callConcurrently(CALLERS, () -> lookup.find(7L));

    assertThat(calls).hasValue(1);
    assertThat(outcomes).hasSize(CALLERS).allMatch("user-7"::equals);
    assertThat(handle.get().stats().loadSuccessCount()).isEqualTo(1);
    assertThat(handle.get().stats().missCount()).isEqualTo(CALLERS);
  }
}
