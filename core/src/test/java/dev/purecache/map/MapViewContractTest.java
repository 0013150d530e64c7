package dev.purecache.map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Awaits;
import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.ManualTicker;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link Cache#asMap()} beyond what guava-testlib checks: atomicity under
 * contention, remapping functions that run with no lock held, single flight with loads, recursion,
 * puts, removes, clears, evictions and expiry during a function, and iteration.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
final class MapViewContractTest {

  private static Cache<String, Integer> lru(int capacity) {
    return CacheBuilder.newBuilder().policy(Policy.LRU).capacity(capacity).stripes(1).build();
  }

  // ------------------------------------------------------------------ atomicity under contention

  @Test
  void mergesOfThousandVirtualThreadsOverTenKeysSumExactly() throws Exception {
    for (Policy policy : List.of(Policy.ADAPTIVE, Policy.LRU, Policy.LFU, Policy.LRU_TTL)) {
      CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().policy(policy).capacity(100);
      if (policy == Policy.LRU_TTL) {
        builder.ttl(Duration.ofDays(1));
      }
      ConcurrentMap<String, Integer> map = builder.<String, Integer>build().asMap();
      CountDownLatch start = new CountDownLatch(1);
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 1_000; i++) {
          String key = "k" + (i % 10);
          threads.submit(
              () -> {
                start.await();
                return map.merge(key, 1, Integer::sum);
              });
        }
        start.countDown();
      }
      assertThat(map).hasSize(10);
      for (int k = 0; k < 10; k++) {
        assertThat(map.get("k" + k)).as(policy + " k" + k).isEqualTo(100);
      }
    }
  }

  @Test
  void computesAndConditionalWritesOfManyThreadsLoseNoUpdate() throws Exception {
    ConcurrentMap<String, Integer> map = lru(1_000).asMap();
    map.put("n", 0);
    AtomicInteger putIfAbsentWins = new AtomicInteger();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 500; i++) {
        threads.submit(() -> map.compute("n", (k, v) -> v + 1));
        threads.submit(
            () -> {
              for (; ; ) { // a replace loop: each success adds exactly one
                Integer v = map.get("n");
                if (map.replace("n", v, v + 1)) {
                  return;
                }
              }
            });
        threads.submit(
            () -> {
              if (map.putIfAbsent("once", 1) == null) {
                putIfAbsentWins.incrementAndGet();
              }
            });
      }
    }
    assertThat(map.get("n")).isEqualTo(1_000);
    assertThat(putIfAbsentWins).hasValue(1);
  }

  // ------------------------------------------------------------------ no lock held, single flight

  @Test
  void theFunctionRunsWithNoLockHeldAndMayUseOtherKeys() throws Exception {
    ConcurrentMap<String, Integer> map = lru(100).asMap(); // one stripe: every key shares its lock
    CountDownLatch inFunction = new CountDownLatch(1);
    CountDownLatch otherWriteDone = new CountDownLatch(1);
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Awaits.latch(inFunction, "the function runs");
                    map.put("other", 7); // needs the stripe's lock
                    otherWriteDone.countDown();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    Integer result =
        map.compute(
            "a",
            (k, v) -> {
              inFunction.countDown();
              try {
                Awaits.latch(otherWriteDone, "another thread wrote the same stripe");
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              map.put("b", 2); // the function itself writes, reads and updates other keys
              return map.get("other") + map.merge("c", 3, Integer::sum) + map.get("b");
            });
    other.join();
    assertThat(result).isEqualTo(12);
    assertThat(map).containsEntry("a", 12).containsEntry("b", 2).containsEntry("c", 3);
  }

  @Test
  void theFunctionRunsOnTheCallersThread() {
    ConcurrentMap<String, Thread> map =
        CacheBuilder.newBuilder().capacity(10).<String, Thread>build().asMap();
    assertThat(map.compute("t", (k, v) -> Thread.currentThread())).isSameAs(Thread.currentThread());
  }

  @Test
  void loadsAndUpdatesOfTheKeyWaitForAnUpdateInProgress() throws Exception {
    ConcurrentMap<String, Integer> map = lru(100).asMap();
    CountDownLatch inFunction = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loads = new AtomicInteger();
    AtomicInteger loaded = new AtomicInteger();
    AtomicInteger merged = new AtomicInteger();
    Thread compute =
        Thread.ofVirtual()
            .start(
                () ->
                    map.compute(
                        "k",
                        (k, v) -> {
                          inFunction.countDown();
                          await(release);
                          return 10;
                        }));
    Awaits.latch(inFunction, "the function runs");
    Thread load =
        Thread.ofVirtual()
            .start(
                () ->
                    loaded.set(
                        map.computeIfAbsent(
                            "k",
                            k -> {
                              loads.incrementAndGet();
                              return -1;
                            })));
    Thread merge = Thread.ofVirtual().start(() -> merged.set(map.merge("k", 5, Integer::sum)));
    Awaits.until(
        "the load and the merge wait",
        () -> load.getState() == Thread.State.WAITING && merge.getState() == Thread.State.WAITING);
    assertThat(map.get("k")).isNull(); // a plain read never waits
    release.countDown();
    for (Thread t : List.of(compute, load, merge)) {
      t.join();
    }
    assertThat(loads).as("the loader never ran: the load found the update's value").hasValue(0);
    assertThat(loaded.get()).isIn(10, 15); // before or after the merge
    assertThat(merged).hasValue(15);
    assertThat(map.get("k")).isEqualTo(15);
  }

  @Test
  void anUpdateWaitsForALoadOfTheKeyAndSeesItsValue() throws Exception {
    Cache<String, Integer> cache = lru(100);
    CountDownLatch inLoader = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> load =
          threads.submit(
              () ->
                  cache.computeIfAbsent(
                      "k",
                      k -> {
                        inLoader.countDown();
                        await(release);
                        return 1;
                      }));
      Awaits.latch(inLoader, "the loader runs");
      Future<Integer> merge = threads.submit(() -> cache.asMap().merge("k", 10, Integer::sum));
      release.countDown();
      assertThat(load.get()).isEqualTo(1);
      assertThat(merge.get()).isEqualTo(11);
    }
    assertThat(cache.get("k")).isEqualTo(11);
  }

  // ------------------------------------------------------------------ recursion

  @Test
  void aFunctionThatAsksForItsOwnKeyGetsIllegalStateException() {
    ConcurrentMap<String, Integer> map = lru(100).asMap();
    assertThatThrownBy(() -> map.compute("k", (k, v) -> map.compute("k", (k2, v2) -> 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("k");
    assertThatThrownBy(() -> map.compute("k", (k, v) -> map.computeIfAbsent("k", k2 -> 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> map.compute("k", (k, v) -> map.remove("k")))
        .isInstanceOf(IllegalStateException.class);
    // through another key's update, and from a loader of the key
    assertThatThrownBy(
            () -> map.compute("k", (k, v) -> map.compute("j", (j, w) -> map.merge("k", 1, Integer::sum))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> map.computeIfAbsent("k", k -> map.putIfAbsent("k", 1)))
        .isInstanceOf(IllegalStateException.class);
    assertThat(map).isEmpty(); // nothing was stored, and the key is usable again
    assertThat(map.merge("k", 1, Integer::sum)).isEqualTo(1);
  }

  // ------------------------------------------------------------------ other writes during a function

  @Test
  void aPutDuringTheFunctionWins() throws Exception {
    RemovalLog log = new RemovalLog();
    ConcurrentMap<String, Integer> map =
        CacheBuilder.newBuilder().capacity(10).removalListener(log).<String, Integer>build().asMap();
    map.put("k", 1);
    CountDownLatch inFunction = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> compute =
          threads.submit(
              () ->
                  map.compute(
                      "k",
                      (k, v) -> {
                        inFunction.countDown();
                        await(release);
                        return v + 100;
                      }));
      Awaits.latch(inFunction, "the function runs");
      assertThat(map.put("k", 2)).isEqualTo(1); // does not wait for the function
      release.countDown();
      assertThat(compute.get()).isEqualTo(101); // took effect just before the put
    }
    assertThat(map.get("k")).isEqualTo(2);
  }

  @Test
  void aClearDuringTheFunctionMakesItStoreNothing() throws Exception {
    ConcurrentMap<String, Integer> map = lru(10).asMap();
    map.put("k", 1);
    CountDownLatch inFunction = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> compute =
          threads.submit(
              () ->
                  map.merge(
                      "k",
                      1,
                      (a, b) -> {
                        inFunction.countDown();
                        await(release);
                        return a + b;
                      }));
      Awaits.latch(inFunction, "the function runs");
      map.clear();
      release.countDown();
      assertThat(compute.get()).isEqualTo(2);
    }
    assertThat(map).isEmpty();
  }

  @Test
  void anEntryEvictedDuringTheFunctionMakesItRunAgainOnTheAbsentKey() throws Exception {
    ConcurrentMap<String, Integer> map = lru(2).asMap();
    map.put("a", 1);
    map.put("b", 2);
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch inFunction = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Integer> compute =
          threads.submit(
              () ->
                  map.compute(
                      "a",
                      (k, v) -> {
                        seen.add(v == null ? 0 : v);
                        inFunction.countDown();
                        await(release);
                        return v == null ? -1 : v + 10;
                      }));
      Awaits.latch(inFunction, "the function runs");
      map.put("c", 3); // "a" is least recently used: evicted
      assertThat(map.containsKey("a")).isFalse();
      release.countDown();
      assertThat(compute.get()).isEqualTo(-1);
    }
    assertThat(seen).containsExactly(1, 0);
    assertThat(map).containsEntry("a", -1).hasSize(2);
  }

  @Test
  void anEntryThatExpiresDuringTheFunctionMakesItRunAgainOnTheAbsentKey() throws Exception {
    ManualTicker ticker = new ManualTicker();
    ConcurrentMap<String, Integer> map =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(10)
            .ttl(Duration.ofMinutes(1))
            .ticker(ticker)
            .<String, Integer>build()
            .asMap();
    map.put("k", 1);
    List<Integer> seen = new ArrayList<>();
    Integer result =
        map.computeIfPresent(
            "k",
            (k, v) -> {
              seen.add(v);
              ticker.advance(Duration.ofMinutes(2)); // expires while the function runs
              return v + 1;
            });
    assertThat(seen).containsExactly(1); // second run: absent, so computeIfPresent calls nothing
    assertThat(result).isNull();
    assertThat(map).isEmpty();
  }

  // ------------------------------------------------------------------ results, removals, nulls

  @Test
  void aNullResultRemovesTheMappingAndListenersSeeEachWrite() {
    RemovalLog log = new RemovalLog();
    ConcurrentMap<String, Integer> map =
        CacheBuilder.newBuilder().capacity(10).removalListener(log).<String, Integer>build().asMap();
    assertThat(map.compute("k", (k, v) -> v == null ? 1 : v + 1)).isEqualTo(1);
    assertThat(map.compute("k", (k, v) -> v + 1)).isEqualTo(2);
    Integer same = map.get("k");
    assertThat(map.compute("k", (k, v) -> v)).isSameAs(same); // the same instance: no write
    assertThat(map.computeIfPresent("k", (k, v) -> null)).isNull();
    assertThat(map.containsKey("k")).isFalse();
    assertThat(map.merge("m", 5, (a, b) -> null)).isEqualTo(5);
    assertThat(map.merge("m", 5, (a, b) -> null)).isNull();
    assertThat(map.compute("absent", (k, v) -> null)).isNull();
    assertThat(log.events)
        .containsExactly("k=1 REPLACED", "k=2 EXPLICIT", "m=5 EXPLICIT");
  }

  @Test
  void nullsThrowNullPointerExceptionAsInConcurrentHashMap() {
    ConcurrentMap<String, Integer> map = lru(10).asMap();
    map.put("k", 1);
    assertThatThrownBy(() -> map.put(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.put("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.putIfAbsent("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.replace("k", 1, null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.merge("k", null, Integer::sum)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.compute("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.containsValue(null)).isInstanceOf(NullPointerException.class);
    assertThat(map.remove("k", null)).isFalse();
    assertThat(map).containsEntry("k", 1);
  }

  @Test
  void aFunctionsExceptionReachesTheCallerUnchangedAndStoresNothing() {
    ConcurrentMap<String, Integer> map = lru(10).asMap();
    map.put("k", 1);
    IllegalArgumentException thrown = new IllegalArgumentException("no");
    assertThatThrownBy(() -> map.compute("k", (k, v) -> { throw thrown; })).isSameAs(thrown);
    assertThat(map.merge("k", 1, Integer::sum)).isEqualTo(2);
  }

  @Test
  void aPutOfTheMappedInstanceStillRestartsItsTimeToLive() {
    ManualTicker ticker = new ManualTicker();
    ConcurrentMap<String, Integer> map =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(10)
            .stripes(1)
            .ttl(Duration.ofMinutes(1))
            .ticker(ticker)
            .<String, Integer>build()
            .asMap();
    Integer value = 1_000; // one instance, put twice
    map.put("old", 1);
    ticker.advance(Duration.ofSeconds(30));
    map.put("k", value);
    ticker.advance(Duration.ofSeconds(35)); // "old" has expired, so the next put takes the lock
    assertThat(map.put("k", value)).isSameAs(value);
    ticker.advance(Duration.ofSeconds(35)); // 70 s after the first put, 35 s after the second
    assertThat(map.get("k")).isSameAs(value);
  }

  // ------------------------------------------------------------------ iteration

  @Test
  void iterationNeverShowsExpiredEntriesNorThrowsWhileTheCacheChanges() {
    ManualTicker ticker = new ManualTicker();
    ConcurrentMap<Integer, Integer> map =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(1_000)
            .ttl(Duration.ofMinutes(1))
            .ticker(ticker)
            .<Integer, Integer>build()
            .asMap();
    for (int i = 0; i < 100; i++) {
      map.put(i, i);
    }
    ticker.advance(Duration.ofSeconds(30));
    for (int i = 100; i < 200; i++) {
      map.put(i, i);
    }
    ticker.advance(Duration.ofSeconds(31)); // the first hundred have expired
    List<Integer> keys = new ArrayList<>();
    for (Iterator<Map.Entry<Integer, Integer>> i = map.entrySet().iterator(); i.hasNext(); ) {
      Map.Entry<Integer, Integer> e = i.next();
      keys.add(e.getKey());
      map.put(1_000 + e.getKey(), 0); // changes during iteration never throw
      map.remove(e.getKey() + 1);
    }
    assertThat(keys).isNotEmpty().allMatch(k -> k >= 100);
    assertThat(map.keySet()).allMatch(k -> k >= 100);
  }

  @Test
  void iteratorRemoveAndSetValueWriteThrough() {
    ConcurrentMap<String, Integer> map = lru(10).asMap();
    map.put("a", 1);
    map.put("b", 2);
    for (Iterator<Map.Entry<String, Integer>> i = map.entrySet().iterator(); i.hasNext(); ) {
      Map.Entry<String, Integer> e = i.next();
      if (e.getKey().equals("a")) {
        i.remove();
      } else {
        assertThat(e.setValue(20)).isEqualTo(2);
      }
    }
    assertThat(map).containsExactly(Map.entry("b", 20));
    map.values().removeIf(v -> v == 20);
    assertThat(map.isEmpty()).isTrue();
  }

  // ------------------------------------------------------------------ helpers

  private static void await(CountDownLatch latch) {
    try {
      Awaits.latch(latch, "the test releases the function");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static final class RemovalLog implements dev.purecache.RemovalListener<String, Integer> {
    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRemoval(String key, Integer value, RemovalCause cause) {
      events.add(key + "=" + value + " " + cause);
    }
  }
}
