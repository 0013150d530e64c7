package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import dev.purecache.ManualTicker;
import dev.purecache.Policy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class MemoizerFunctionTest {
  private final ManualTicker ticker = new ManualTicker();

  private static Cache<Object, Object> lru(int capacity) {
    return CacheBuilder.newBuilder().capacity(capacity).recordStats().build();
  }

  @Test
  void identicalCallsRunOnce() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Integer, String> f =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              return "v" + x;
            },
            lru(16));
    for (int i = 0; i < 5; i++) {
      assertThat(f.apply(7)).isEqualTo("v7");
    }
    assertThat(calls).hasValue(1);
    assertThat(f.stats().hitCount()).isEqualTo(4);
    assertThat(f.stats().missCount()).isEqualTo(1);
    assertThat(f.stats().loadSuccessCount()).isEqualTo(1);
  }

  @Test
  void returnedAsPlainFunctionItStillMemoizes() {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache = lru(16);
    Function<String, Integer> f =
        Memoizer.memoize(
            (String s) -> {
              calls.incrementAndGet();
              return s.length();
            },
            cache);
    assertThat(f.apply("abc")).isEqualTo(3);
    assertThat(f.apply("abc")).isEqualTo(3);
    assertThat(calls).hasValue(1);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void differentArgumentsRunSeparately() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Integer, Integer> square =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              return x * x;
            },
            lru(16));
    assertThat(square.apply(2)).isEqualTo(4);
    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(square.apply(4)).isEqualTo(16);
    assertThat(square.apply(3)).isEqualTo(9);
    assertThat(calls).hasValue(3);
  }

  @Test
  void nullResultIsCachedAndRunsOnce() {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache = lru(16);
    MemoizedFunction<String, String> lookup =
        Memoizer.memoize(
            key -> {
              calls.incrementAndGet();
              return null;
            },
            cache);
    for (int i = 0; i < 100; i++) {
      assertThat(lookup.apply("missing")).isNull();
    }
    assertThat(calls).hasValue(1);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(lookup.stats().hitCount()).isEqualTo(99);
  }

  @Test
  void throwingCallIsNotCachedAndTheOriginalExceptionReachesTheCaller() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    Cache<Object, Object> cache = lru(16);
    MemoizedFunction<Integer, String> flaky =
        Memoizer.memoize(
            x -> {
              if (calls.incrementAndGet() == 1) {
                throw boom;
              }
              return "ok" + x;
            },
            cache);
    assertThat(catchThrowable(() -> flaky.apply(1))).isSameAs(boom);
    assertThat(cache.size()).isZero();
    assertThat(flaky.apply(1)).isEqualTo("ok1");
    assertThat(flaky.apply(1)).isEqualTo("ok1");
    assertThat(calls).hasValue(2);
    assertThat(flaky.stats().loadFailureCount()).isEqualTo(1);
  }

  @Test
  void errorsReachTheCallerUnwrappedAndAreNotCached() {
    AtomicInteger calls = new AtomicInteger();
    AssertionError error = new AssertionError("fatal-ish");
    MemoizedFunction<Integer, String> f =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              throw error;
            },
            lru(16));
    assertThat(catchThrowable(() -> f.apply(1))).isSameAs(error);
    assertThat(catchThrowable(() -> f.apply(1))).isSameAs(error);
    assertThat(calls).hasValue(2);
  }

  @Test
  void cacheLoadExceptionThrownByTheFunctionItselfIsPassedOnAsItIs() {
    CacheLoadException own = new CacheLoadException("from a nested cache", null);
    MemoizedFunction<Integer, String> f =
        Memoizer.memoize(
            x -> {
              throw own;
            },
            lru(16));
    assertThat(catchThrowable(() -> f.apply(1))).isSameAs(own);
  }

  @Test
  void integerAndLongArgumentsAreDifferentKeys() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Object, String> describe =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              return x.getClass().getSimpleName();
            },
            lru(16));
    assertThat(describe.apply(1)).isEqualTo("Integer");
    assertThat(describe.apply(1L)).isEqualTo("Long");
    assertThat(describe.apply(1)).isEqualTo("Integer");
    assertThat(calls).hasValue(2);
  }

  @Test
  void nullArgumentIsAKeyLikeAnyOtherButANullFunctionIsRejected() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<String, String> f =
        Memoizer.memoize(
            s -> {
              calls.incrementAndGet();
              return "got " + s;
            },
            lru(4));
    assertThat(f.apply(null)).isEqualTo("got null");
    assertThat(f.apply(null)).isEqualTo("got null");
    assertThat(f.apply("null")).isEqualTo("got null");
    assertThat(calls).hasValue(2);
    f.invalidate(null);
    f.apply(null);
    assertThat(calls).hasValue(3);
    assertThatThrownBy(() -> Memoizer.memoize((Function<String, String>) null, lru(4)))
        .isInstanceOf(NullPointerException.class)
        .hasMessageContaining("function");
  }

  @Test
  void invalidateOneAndAll() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Integer, Integer> f =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              return x + 1;
            },
            lru(16));
    f.apply(1);
    f.apply(2);
    assertThat(calls).hasValue(2);
    f.invalidate(1);
    f.apply(1);
    f.apply(2);
    assertThat(calls).hasValue(3);
    f.invalidateAll();
    f.apply(1);
    f.apply(2);
    assertThat(calls).hasValue(5);
  }

  @Test
  void ttlOfTheGivenCacheAppliesWithInjectedTime() {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(8)
            .ttl(Duration.ofMinutes(5))
            .ticker(ticker)
            .build();
    MemoizedFunction<String, Integer> f =
        Memoizer.memoize(
            s -> {
              calls.incrementAndGet();
              return s.length();
            },
            cache);
    f.apply("abc");
    ticker.advanceNanos(Duration.ofMinutes(5).toNanos() - 1);
    f.apply("abc");
    assertThat(calls).hasValue(1);
    ticker.advanceNanos(1);
    f.apply("abc");
    assertThat(calls).hasValue(2);
  }

  @Test
  void capacityOfTheGivenCacheEvictsLeastRecentlyUsed() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Integer, Integer> f =
        Memoizer.memoize(
            x -> {
              calls.incrementAndGet();
              return x;
            },
            lru(2));
    f.apply(1);
    f.apply(2);
    f.apply(1); // 2 is now least recently used
    f.apply(3); // evicts 2
    assertThat(calls).hasValue(3);
    f.apply(1);
    assertThat(calls).hasValue(3);
    f.apply(2);
    assertThat(calls).hasValue(4);
    assertThat(f.stats().evictionCount()).isEqualTo(2);
  }

  /** Memoized recursion: each fib(n) asks the memoized fib for n-1 and n-2 (other keys). */
  @Test
  void recursiveMemoizedFunctionComputesEachKeyOnce() {
    AtomicInteger calls = new AtomicInteger();
    @SuppressWarnings("unchecked")
    MemoizedFunction<Integer, Long>[] fib = new MemoizedFunction[1];
    fib[0] =
        Memoizer.memoize(
            n -> {
              calls.incrementAndGet();
              return n < 2 ? (long) n : fib[0].apply(n - 1) + fib[0].apply(n - 2);
            },
            lru(128));
    assertThat(fib[0].apply(60)).isEqualTo(1_548_008_755_920L);
    assertThat(calls).hasValue(61);
  }

  @Test
  void functionAskingForItsOwnKeyGetsIllegalStateInsteadOfDeadlock() {
    @SuppressWarnings("unchecked")
    MemoizedFunction<Integer, Integer>[] self = new MemoizedFunction[1];
    self[0] = Memoizer.memoize(n -> self[0].apply(n), lru(4));
    assertThatThrownBy(() -> self[0].apply(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load");
  }

  // ----------------------------------------------------------------- two arguments

  @Test
  void biFunctionArgumentOrderMatters() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedBiFunction<Integer, Integer, Integer> minus =
        Memoizer.memoize(
            (Integer a, Integer b) -> {
              calls.incrementAndGet();
              return a - b;
            },
            lru(16));
    assertThat(minus.apply(1, 2)).isEqualTo(-1);
    assertThat(minus.apply(2, 1)).isEqualTo(1);
    assertThat(minus.apply(1, 2)).isEqualTo(-1);
    assertThat(calls).hasValue(2);
  }

  @Test
  void biFunctionArraysWithEqualContentsShareAKey() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedBiFunction<int[], String[], String> f =
        Memoizer.memoize(
            (int[] xs, String[] names) -> {
              calls.incrementAndGet();
              return xs.length + ":" + names.length;
            },
            lru(16));
    assertThat(f.apply(new int[] {1, 2, 3}, new String[] {"a"})).isEqualTo("3:1");
    assertThat(f.apply(new int[] {1, 2, 3}, new String[] {"a"})).isEqualTo("3:1");
    assertThat(calls).hasValue(1);
    assertThat(f.apply(new int[] {1, 2, 4}, new String[] {"a"})).isEqualTo("3:1");
    assertThat(calls).hasValue(2);
  }

  @Test
  void changingAnArgumentArrayAfterTheCallDoesNotCorruptTheCachedKey() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedBiFunction<int[], Integer, Integer> sumPlus =
        Memoizer.memoize(
            (int[] xs, Integer k) -> {
              calls.incrementAndGet();
              int s = k;
              for (int x : xs) {
                s += x;
              }
              return s;
            },
            lru(16));
    int[] xs = {1, 2};
    assertThat(sumPlus.apply(xs, 0)).isEqualTo(3);
    xs[0] = 10;
    assertThat(sumPlus.apply(xs, 0)).isEqualTo(12);
    assertThat(sumPlus.apply(new int[] {1, 2}, 0)).isEqualTo(3);
    assertThat(calls).hasValue(2);
  }

  @Test
  void biFunctionIntegerAndLongDifferAndNullArgumentsWork() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedBiFunction<Object, Object, String> f =
        Memoizer.memoize(
            (Object a, Object b) -> {
              calls.incrementAndGet();
              return a + "/" + b;
            },
            lru(16));
    f.apply(1, null);
    f.apply(1L, null);
    f.apply(1, null);
    f.apply(null, null);
    f.apply(null, null);
    assertThat(calls).hasValue(3);
  }

  @Test
  void twoBiFunctionsWithCachesOfTheirOwnKeepTheirResultsApart() {
    Cache<Object, Object> plusCache = lru(16);
    Cache<Object, Object> timesCache = lru(16);
    MemoizedBiFunction<Integer, Integer, Integer> plus = Memoizer.memoize(Integer::sum, plusCache);
    MemoizedBiFunction<Integer, Integer, Integer> times =
        Memoizer.memoize((Integer a, Integer b) -> a * b, timesCache);
    assertThat(plus.apply(3, 4)).isEqualTo(7);
    assertThat(times.apply(3, 4)).isEqualTo(12);
    assertThat(plus.apply(3, 4)).isEqualTo(7);
    assertThat(plusCache.size()).isEqualTo(1);
    assertThat(timesCache.size()).isEqualTo(1);
  }

  @Test
  void biFunctionInvalidateAndFailures() {
    AtomicInteger calls = new AtomicInteger();
    UnsupportedOperationException nope = new UnsupportedOperationException("nope");
    MemoizedBiFunction<String, Integer, String> f =
        Memoizer.memoize(
            (String s, Integer n) -> {
              calls.incrementAndGet();
              if (n < 0) {
                throw nope;
              }
              return s.repeat(n);
            },
            lru(16));
    assertThat(f.apply("ab", 2)).isEqualTo("abab");
    f.invalidate("ab", 2);
    assertThat(f.apply("ab", 2)).isEqualTo("abab");
    assertThat(calls).hasValue(2);
    assertThat(catchThrowable(() -> f.apply("x", -1))).isSameAs(nope);
    assertThat(catchThrowable(() -> f.apply("x", -1))).isSameAs(nope);
    assertThat(calls).hasValue(4);
    assertThat(f.stats().loadFailureCount()).isEqualTo(2);
  }

  // ----------------------------------------------------------------- suppliers

  @Test
  void supplierRunsOnceAndAgainAfterInvalidation() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedSupplier<Integer> config =
        Memoizer.memoize(() -> calls.incrementAndGet() * 10, CacheBuilder.newBuilder().capacity(1).build());
    assertThat(config.get()).isEqualTo(10);
    assertThat(config.get()).isEqualTo(10);
    config.invalidate();
    assertThat(config.get()).isEqualTo(20);
    assertThat(calls).hasValue(2);
  }

  @Test
  void supplierNullResultIsCachedAndTtlExpiresIt() {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.TTL)
            .ttl(Duration.ofSeconds(30))
            .ticker(ticker)
            .recordStats()
            .build();
    MemoizedSupplier<String> token =
        Memoizer.memoize(
            () -> {
              calls.incrementAndGet();
              return null;
            },
            cache);
    assertThat(token.get()).isNull();
    assertThat(token.get()).isNull();
    assertThat(calls).hasValue(1);
    ticker.advance(Duration.ofSeconds(30));
    assertThat(token.get()).isNull();
    assertThat(calls).hasValue(2);
    assertThat(token.stats().loadSuccessCount()).isEqualTo(2);
  }

  @Test
  void supplierFailureIsNotCached() {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException down = new IllegalStateException("down");
    MemoizedSupplier<String> s =
        Memoizer.memoize(
            () -> {
              if (calls.incrementAndGet() == 1) {
                throw down;
              }
              return "up";
            },
            CacheBuilder.newBuilder().capacity(1).build());
    assertThat(catchThrowable(s::get)).isSameAs(down);
    assertThat(s.get()).isEqualTo("up");
    assertThat(s.get()).isEqualTo("up");
    assertThat(calls).hasValue(2);
  }
}
