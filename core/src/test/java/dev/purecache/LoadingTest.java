package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The ten loading rules of the design, on the engine a cache gets by default. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadingTest {

  private static Cache<Integer, String> cache() {
    return CacheBuilder.newBuilder().capacity(1000).recordStats().build();
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new AssertionError("latch not released in time");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits until {@code thread} parks (is waiting on the flight). */
  private static void awaitWaiting(Thread thread) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (thread.getState() != Thread.State.WAITING
        && thread.getState() != Thread.State.TIMED_WAITING) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(thread + " never waited; state " + thread.getState());
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void tenThousandThreadsOnOneKeyLoadOnceAndShareTheValue() throws Exception {
    Cache<Integer, Object> cache = CacheBuilder.newBuilder().capacity(10).build();
    AtomicInteger loads = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    List<Future<Object>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10_000; i++) {
        results.add(
            threads.submit(
                () ->
                    cache.computeIfAbsent(
                        7,
                        k -> {
                          loads.incrementAndGet();
                          await(release);
                          return new Object();
                        })));
      }
      release.countDown();
    }
    Object first = results.get(0).get();
    for (Future<Object> result : results) {
      assertThat(result.get()).isSameAs(first);
    }
    assertThat(loads).hasValue(1);
    assertThat(cache.get(7)).isSameAs(first);
  }

  @Test
  void tenThousandCallsOverOneHundredKeysLoadEachKeyOnce() {
    Cache<Integer, String> cache = cache();
    Map<Integer, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10_000; i++) {
        int key = i % 100;
        threads.submit(
            () ->
                cache.computeIfAbsent(
                    key,
                    k -> {
                      loadsPerKey.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                      sleepQuietly(20);
                      return "v" + k;
                    }));
      }
    }
    assertThat(loadsPerKey).hasSize(100);
    assertThat(loadsPerKey.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(cache.stats().loadSuccessCount()).isEqualTo(100);
    assertThat(cache.stats().hitCount() + cache.stats().missCount()).isEqualTo(10_000);
  }

  private static void sleepQuietly(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFailureReachesEveryWaiterStoresNothingAndTheNextCallReloads() throws Exception {
    Cache<Integer, String> cache = cache();
    RuntimeException boom = new IllegalArgumentException("database down");
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    List<Future<Throwable>> outcomes = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 50; i++) {
        outcomes.add(
            threads.submit(
                () -> {
                  try {
                    cache.computeIfAbsent(
                        1,
                        k -> {
                          loads.incrementAndGet();
                          await(release);
                          throw boom;
                        });
                    return null;
                  } catch (CacheLoadException e) {
                    return e;
                  }
                }));
      }
      release.countDown();
    }
    for (Future<Throwable> outcome : outcomes) {
      assertThat(outcome.get()).isInstanceOf(CacheLoadException.class).hasCauseReference(boom);
    }
    assertThat(loads.get()).isBetween(1, outcomes.size());
    assertThat(cache.containsKey(1)).isFalse();
    assertThat(cache.computeIfAbsent(1, k -> "fresh")).isEqualTo("fresh");
    assertThat(cache.stats().loadFailureCount()).isEqualTo(loads.get());
  }

  @Test
  void everyJoinerOfOneFailedLoadGetsTheSameCause() throws Exception {
    Cache<Integer, String> cache = cache();
    RuntimeException boom = new IllegalStateException("boom");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Throwable> first =
          threads.submit(
              () ->
                  catching(
                      () ->
                          cache.computeIfAbsent(
                              1,
                              k -> {
                                loads.incrementAndGet();
                                started.countDown();
                                await(release);
                                throw boom;
                              })));
      await(started);
      List<Thread> joiners = new ArrayList<>();
      List<AtomicReference<Throwable>> seen = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        AtomicReference<Throwable> box = new AtomicReference<>();
        seen.add(box);
        joiners.add(
            Thread.ofVirtual()
                .start(() -> box.set(catching(() -> cache.computeIfAbsent(1, k -> "other")))));
      }
      joiners.forEach(LoadingTest::awaitWaiting);
      release.countDown();
      for (Thread t : joiners) {
        t.join();
      }
      assertThat(first.get()).hasCauseReference(boom);
      assertThat(seen).allSatisfy(box -> assertThat(box.get()).hasCauseReference(boom));
    }
    assertThat(loads).hasValue(1);
  }

  private static Throwable catching(Runnable action) {
    try {
      action.run();
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  @Test
  void nullResultIsReturnedToEveryCallerAndNotStored() throws Exception {
    Cache<Integer, String> cache = cache();
    AtomicInteger loads = new AtomicInteger();
    assertThat(cache.computeIfAbsent(1, k -> {
      loads.incrementAndGet();
      return null;
    })).isNull();
    assertThat(cache.containsKey(1)).isFalse();
    assertThat(cache.size()).isZero();
    assertThat(cache.computeIfAbsent(1, k -> "now")).isEqualTo("now");
    assertThat(loads).hasValue(1);
  }

  @Test
  void recursiveLoadOfTheSameKeyThrowsInsteadOfHanging() {
    Cache<Integer, String> cache = cache();
    AtomicReference<Throwable> inner = new AtomicReference<>();
    Throwable outer =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                catching(
                    () ->
                        cache.computeIfAbsent(
                            1,
                            k -> {
                              try {
                                return cache.computeIfAbsent(1, x -> "inner");
                              } catch (RuntimeException e) {
                                inner.set(e);
                                throw e;
                              }
                            })));
    assertThat(inner.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key 1");
    assertThat(outer).isInstanceOf(CacheLoadException.class).hasCauseReference(inner.get());
  }

  @Test
  void recursiveLoadThroughAnotherKeyThrowsInsteadOfHanging() {
    Cache<Integer, String> cache = cache();
    AtomicReference<Throwable> inner = new AtomicReference<>();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () ->
            catching(
                () ->
                    cache.computeIfAbsent(
                        1,
                        k ->
                            cache.computeIfAbsent(
                                2,
                                k2 -> {
                                  try {
                                    return cache.computeIfAbsent(1, x -> "again");
                                  } catch (RuntimeException e) {
                                    inner.set(e);
                                    throw e;
                                  }
                                }))));
    assertThat(inner.get())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("key 1");
  }

  @Test
  void aLoaderMayLoadOtherKeysOfTheSameCache() {
    Cache<Integer, String> cache = CacheBuilder.newBuilder().capacity(10).build();
    String value =
        cache.computeIfAbsent(
            1, k -> cache.computeIfAbsent(2, k2 -> "two") + "+" + cache.get(2) + "+one");
    assertThat(value).isEqualTo("two+two+one");
    assertThat(cache.get(1)).isEqualTo("two+two+one");
    assertThat(cache.get(2)).isEqualTo("two");
  }

  @Test
  void aPutDuringTheLoadWins() throws Exception {
    Cache<Integer, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> loaded =
          threads.submit(
              () ->
                  cache.computeIfAbsent(
                      1,
                      k -> {
                        started.countDown();
                        await(release);
                        return "loaded";
                      }));
      await(started);
      cache.put(1, "put");
      release.countDown();
      assertThat(loaded.get()).isIn("loaded", "put");
    }
    assertThat(cache.get(1)).isEqualTo("put");
  }

  @Test
  void aRemoveDuringTheLoadWaitsForItAndRemovesWhatItStored() throws Exception {
    RemovalRecorder<Integer, String> recorder = new RemovalRecorder<>();
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder().capacity(10).removalListener(recorder).build();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> loaded =
          threads.submit(
              () ->
                  cache.computeIfAbsent(
                      1,
                      k -> {
                        started.countDown();
                        await(release);
                        return "loaded";
                      }));
      await(started);
      AtomicReference<String> removed = new AtomicReference<>();
      Thread remover = Thread.ofVirtual().start(() -> removed.set(cache.remove(1)));
      awaitWaiting(remover);
      assertThat(remover.isAlive()).isTrue(); // remove waits for the load
      release.countDown();
      remover.join();
      assertThat(loaded.get()).isEqualTo("loaded");
      assertThat(removed.get()).isEqualTo("loaded");
    }
    assertThat(cache.get(1)).isNull();
    assertThat(recorder.keys(RemovalCause.EXPLICIT)).containsExactly(1);
  }

  @Test
  void clearDuringTheLoadAnswersItsCallersButStoresNothing() throws Exception {
    Cache<Integer, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> before =
          threads.submit(
              () ->
                  cache.computeIfAbsent(
                      1,
                      k -> {
                        loads.incrementAndGet();
                        started.countDown();
                        await(release);
                        return "before-clear";
                      }));
      await(started);
      cache.clear(); // does not wait
      // a caller arriving after the clear starts a fresh load
      assertThat(
              cache.computeIfAbsent(
                  1,
                  k -> {
                    loads.incrementAndGet();
                    return "after-clear";
                  }))
          .isEqualTo("after-clear");
      release.countDown();
      assertThat(before.get()).isEqualTo("before-clear");
    }
    assertThat(cache.get(1)).isEqualTo("after-clear");
    assertThat(loads).hasValue(2);
  }

  @Test
  void anInterruptedWaiterStopsPromptlyAndTheLoadGoesOnForOthers() throws Exception {
    Cache<Integer, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Throwable> interruptedOutcome = new AtomicReference<>();
    AtomicBoolean keptInterrupt = new AtomicBoolean();
    Thread first =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    cache.computeIfAbsent(
                        1,
                        k -> {
                          started.countDown();
                          await(release);
                          return "value";
                        });
                  } catch (Throwable t) {
                    interruptedOutcome.set(t);
                    keptInterrupt.set(Thread.currentThread().isInterrupted());
                  }
                });
    await(started);
    AtomicReference<String> second = new AtomicReference<>();
    Thread other = Thread.ofVirtual().start(() -> second.set(cache.computeIfAbsent(1, k -> "x")));
    awaitWaiting(other);
    awaitWaiting(first);
    first.interrupt();
    first.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(first.isAlive()).as("interrupted waiter returned promptly").isFalse();
    assertThat(interruptedOutcome.get()).isInstanceOf(CacheInterruptedException.class);
    assertThat(keptInterrupt).isTrue();
    release.countDown();
    other.join();
    assertThat(second.get()).isEqualTo("value");
    assertThat(cache.get(1)).isEqualTo("value");
  }

  @Test
  void aLoadNobodyWaitsForIsCancelled() throws Exception {
    Cache<Integer, String> cache = cache();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch loaderInterrupted = new CountDownLatch(1);
    Thread caller =
        Thread.ofVirtual()
            .start(
                () ->
                    catching(
                        () ->
                            cache.computeIfAbsent(
                                1,
                                k -> {
                                  started.countDown();
                                  try {
                                    Thread.sleep(Duration.ofMinutes(5));
                                  } catch (InterruptedException e) {
                                    loaderInterrupted.countDown();
                                  }
                                  return "never stored";
                                })));
    await(started);
    awaitWaiting(caller);
    caller.interrupt();
    assertThat(loaderInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    caller.join();
    assertThat(cache.containsKey(1)).isFalse();
    assertThat(cache.computeIfAbsent(1, k -> "fresh")).isEqualTo("fresh");
  }

  @Test
  void aLoadTimeoutCancelsTheLoadStoresNothingAndFailsEveryCaller() throws Exception {
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder().capacity(10).loadTimeout(Duration.ofMillis(200)).build();
    CountDownLatch loaderInterrupted = new CountDownLatch(1);
    List<Future<Throwable>> outcomes = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 5; i++) {
        outcomes.add(
            threads.submit(
                () ->
                    catching(
                        () ->
                            cache.computeIfAbsent(
                                1,
                                k -> {
                                  try {
                                    Thread.sleep(Duration.ofMinutes(5));
                                  } catch (InterruptedException e) {
                                    loaderInterrupted.countDown();
                                  }
                                  return "too late";
                                }))));
      }
    }
    for (Future<Throwable> outcome : outcomes) {
      assertThat(outcome.get())
          .isInstanceOf(CacheLoadTimeoutException.class)
          .hasMessageContaining("PT0.2S");
    }
    assertThat(loaderInterrupted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(cache.containsKey(1)).isFalse();
  }

  @Test
  void getAllLoadsMissingKeysConcurrentlyEachOnce() {
    Cache<Integer, String> cache = cache();
    cache.put(0, "cached");
    int missing = 8;
    CyclicBarrier allRunning = new CyclicBarrier(missing);
    AtomicInteger loads = new AtomicInteger();
    Map<Integer, String> values =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                cache.getAll(
                    List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 1),
                    k -> {
                      loads.incrementAndGet();
                      try {
                        allRunning.await(); // only passes if all eight loads run at once
                      } catch (Exception e) {
                        throw new IllegalStateException(e);
                      }
                      return "v" + k;
                    }));
    assertThat(values.keySet()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
    assertThat(values.get(0)).isEqualTo("cached");
    assertThat(values.get(5)).isEqualTo("v5");
    assertThat(loads).hasValue(missing);
    assertThat(cache.size()).isEqualTo(9);
  }

  @Test
  void getAllFailsFastCancelsUnsharedLoadsAndKeepsSuccesses() throws Exception {
    Cache<Integer, String> cache = cache();
    Set<Integer> interrupted = ConcurrentHashMap.newKeySet();
    RuntimeException boom = new IllegalStateException("key 2 is broken");
    Throwable thrown =
        assertTimeoutPreemptively(
            Duration.ofSeconds(20),
            () ->
                catching(
                    () ->
                        cache.getAll(
                            List.of(1, 2, 3),
                            k -> {
                              switch (k) {
                                case 1:
                                  return "one";
                                case 2:
                                  sleepQuietly(50);
                                  throw boom;
                                default:
                                  try {
                                    Thread.sleep(Duration.ofMinutes(5));
                                  } catch (InterruptedException e) {
                                    interrupted.add(k);
                                  }
                                  return "never";
                              }
                            })));
    assertThat(thrown).isInstanceOf(CacheLoadException.class).hasCauseReference(boom);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!interrupted.contains(3) && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(interrupted).containsExactly(3);
    assertThat(cache.get(1)).isEqualTo("one");
    assertThat(cache.containsKey(2)).isFalse();
    assertThat(cache.containsKey(3)).isFalse();
  }

  @Test
  void getAllDoesNotCancelALoadAnotherCallerWaitsFor() throws Exception {
    Cache<Integer, String> cache = cache();
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch releaseSlow = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<String> other =
          threads.submit(
              () ->
                  cache.computeIfAbsent(
                      3,
                      k -> {
                        slowStarted.countDown();
                        await(releaseSlow);
                        return "shared";
                      }));
      await(slowStarted);
      Throwable thrown =
          catching(
              () ->
                  cache.getAll(
                      List.of(2, 3),
                      k -> {
                        throw new IllegalStateException("broken " + k);
                      }));
      assertThat(thrown).isInstanceOf(CacheLoadException.class);
      releaseSlow.countDown();
      assertThat(other.get()).isEqualTo("shared");
    } catch (ExecutionException e) {
      throw new AssertionError(e);
    }
    assertThat(cache.get(3)).isEqualTo("shared");
  }
}
