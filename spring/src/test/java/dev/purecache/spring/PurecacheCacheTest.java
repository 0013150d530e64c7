package dev.purecache.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.cache.Cache.ValueRetrievalException;
import org.springframework.cache.Cache.ValueWrapper;
import org.springframework.cache.support.NullValue;

class PurecacheCacheTest {
  private final Cache<Object, Object> store = CacheBuilder.newBuilder().capacity(100).recordStats().build();
  private final PurecacheCache cache = new PurecacheCache("c", store);

  /** Waits until {@code n} callers have missed (callers of one load count one miss each). */
  private void awaitMisses(long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (store.stats().missCount() < n) {
      assertThat(System.nanoTime()).as("%d misses", n).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  private static java.util.concurrent.Callable<String> countingNull(AtomicInteger calls) {
    return () -> {
      calls.incrementAndGet();
      return null;
    };
  }

  @Test
  void putGetEvict() {
    assertThat(cache.get("k")).isNull();
    cache.put("k", "v");
    assertThat(cache.get("k").get()).isEqualTo("v");
    assertThat(cache.get("k", String.class)).isEqualTo("v");
    assertThat(cache.evictIfPresent("k")).isTrue();
    assertThat(cache.evictIfPresent("k")).isFalse();
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void nullValuesAreStoredAsSpringsNullValue() throws Exception {
    cache.put("n", null);
    assertThat(store.get("n")).isSameAs(NullValue.INSTANCE);
    ValueWrapper wrapper = cache.get("n");
    assertThat(wrapper).isNotNull();
    assertThat(wrapper.get()).isNull();

    AtomicInteger calls = new AtomicInteger();
    assertThat(cache.get("m", countingNull(calls))).isNull();
    assertThat(cache.get("m", countingNull(calls))).isNull();
    assertThat(calls).hasValue(1);
    assertThat(((ValueWrapper) cache.retrieve("m").get()).get()).isNull();
  }

  @Test
  void withoutNullValuesANullIsNotStored() throws Exception {
    PurecacheCache strict = new PurecacheCache("s", store, false);
    assertThatThrownBy(() -> strict.put("n", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'s'");
    AtomicInteger calls = new AtomicInteger();
    assertThat(strict.get("m", countingNull(calls))).isNull();
    assertThat(strict.get("m", countingNull(calls))).isNull();
    assertThat(calls).hasValue(2);
    assertThat(strict.retrieve("m")).isNull();
    strict.put("k", "v");
    assertThat(strict.retrieve("k").get()).isEqualTo("v");
  }

  @Test
  void getWithLoaderLoadsOnceAndCaches() {
    AtomicInteger calls = new AtomicInteger();
    assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
    assertThat(cache.get("k", () -> "v" + calls.incrementAndGet())).isEqualTo("v1");
    assertThat(calls).hasValue(1);
  }

  @Test
  void loaderFailureIsAValueRetrievalExceptionAndNothingIsCached() {
    IOException failure = new IOException("disk");
    assertThatThrownBy(() -> cache.get("k", () -> { throw failure; }))
        .isInstanceOf(ValueRetrievalException.class)
        .hasCause(failure)
        .satisfies(e -> assertThat(((ValueRetrievalException) e).getKey()).isEqualTo("k"));
    IllegalStateException unchecked = new IllegalStateException("boom");
    assertThatThrownBy(() -> cache.get("k", () -> { throw unchecked; }))
        .isInstanceOf(ValueRetrievalException.class)
        .hasCause(unchecked);
    assertThat(store.containsKey("k")).isFalse();
    assertThat(cache.get("k", () -> "v")).isEqualTo("v");
  }

  @Test
  void concurrentMissesShareOneLoadAndItsFailure() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    RuntimeException failure = new IllegalStateException("shared");
    List<Throwable> seen = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      cache.get("k", () -> { calls.incrementAndGet(); release.await(); throw failure; });
                    } catch (Throwable t) {
                      synchronized (seen) {
                        seen.add(t);
                      }
                    }
                  }));
    }
    awaitMisses(50);
    release.countDown();
    for (Thread t : threads) {
      t.join();
    }
    assertThat(calls).hasValue(1);
    assertThat(seen).hasSize(50).allSatisfy(t -> assertThat(t).isInstanceOf(ValueRetrievalException.class).hasCause(failure));
    assertThat(store.containsKey("k")).isFalse();
  }

  @Test
  void retrieveOfAMissIsNullAndOfAHitACompletedWrapper() throws Exception {
    assertThat(cache.retrieve("k")).isNull();
    cache.put("k", "v");
    CompletableFuture<?> hit = cache.retrieve("k");
    assertThat(hit).isCompleted();
    assertThat(((ValueWrapper) hit.get()).get()).isEqualTo("v");
  }

  @Test
  void retrieveWithLoaderNeverBlocksTheCallerAndLoadsOnce() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    AtomicInteger calls = new AtomicInteger();
    // a platform thread (the test's) gets its futures back before the value exists
    CompletableFuture<String> first = cache.retrieve("k", () -> { calls.incrementAndGet(); return source; });
    awaitMisses(1);
    CompletableFuture<String> second = cache.retrieve("k", () -> { calls.incrementAndGet(); return source; });
    CompletableFuture<String> third = cache.retrieve("k", () -> { calls.incrementAndGet(); return source; });
    awaitMisses(3);
    assertThat(first).isNotDone();
    assertThat(second).isNotDone();
    source.complete("v");
    assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(third.get(10, TimeUnit.SECONDS)).isEqualTo("v");
    assertThat(calls).hasValue(1);
    CompletableFuture<String> hit = cache.retrieve("k", () -> { throw new AssertionError("loaded again"); });
    assertThat(hit).isCompletedWithValue("v");
  }

  @Test
  void retrieveWithLoaderSharesGetsLoad() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread loader = Thread.ofVirtual().start(() -> cache.get("k", () -> { release.await(); return "sync"; }));
    awaitMisses(1);
    CompletableFuture<String> async = cache.retrieve("k", () -> CompletableFuture.completedFuture("async"));
    awaitMisses(2);
    release.countDown();
    loader.join();
    assertThat(async.get(10, TimeUnit.SECONDS)).isEqualTo("sync");
  }

  @Test
  void retrieveWithFailingLoaderFailsWithItsCauseAndCachesNothing() {
    IOException failure = new IOException("remote");
    CompletableFuture<Object> result = cache.retrieve("k", () -> CompletableFuture.failedFuture(failure));
    assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .hasCause(failure);
    assertThat(store.containsKey("k")).isFalse();
    RuntimeException thrown = new IllegalStateException("supplier");
    CompletableFuture<Object> result2 = cache.retrieve("k", () -> { throw thrown; });
    assertThatThrownBy(() -> result2.get(10, TimeUnit.SECONDS)).hasCause(thrown);
  }

  @Test
  void retrieveWithLoaderStoresANull() throws Exception {
    assertThat(cache.retrieve("k", () -> CompletableFuture.completedFuture(null)).get(10, TimeUnit.SECONDS)).isNull();
    assertThat(store.get("k")).isSameAs(NullValue.INSTANCE);
  }

  @Test
  void putIfAbsentStoresOnlyWhenAbsent() {
    assertThat(cache.putIfAbsent("k", "a")).isNull();
    assertThat(cache.putIfAbsent("k", "b").get()).isEqualTo("a");
    assertThat(cache.get("k").get()).isEqualTo("a");
    assertThat(cache.putIfAbsent("n", null)).isNull();
    assertThat(cache.putIfAbsent("n", "x").get()).isNull();
  }

  @Test
  void evictDuringALoadWaitsForItAndRemovesWhatItStored() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Thread loader = Thread.ofVirtual().start(() -> cache.get("k", () -> { release.await(); return "v"; }));
    awaitMisses(1);
    CompletableFuture<Void> evicted = CompletableFuture.runAsync(() -> cache.evict("k"), r -> Thread.ofVirtual().start(r));
    assertThat(evicted).isNotDone();
    release.countDown();
    evicted.get(10, TimeUnit.SECONDS);
    loader.join();
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void clearDuringALoadDoesNotWaitAndTheLoadStoresNothing() throws Exception {
    cache.put("other", "x");
    CountDownLatch release = new CountDownLatch(1);
    String[] result = new String[1];
    Thread loader = Thread.ofVirtual().start(() -> result[0] = cache.get("k", () -> { release.await(); return "v"; }));
    awaitMisses(1);
    assertThat(cache.invalidate()).isTrue();
    assertThat(cache.invalidate()).isFalse();
    release.countDown();
    loader.join(Duration.ofSeconds(10));
    assertThat(result[0]).isEqualTo("v");
    assertThat(cache.get("k")).isNull();
    assertThat(cache.get("other")).isNull();
  }

  @Test
  void nativeCacheAndName() {
    assertThat(cache.getName()).isEqualTo("c");
    assertThat(cache.getNativeCache()).isSameAs(store);
  }
}
