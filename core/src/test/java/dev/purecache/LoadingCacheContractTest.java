package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link LoadingCache} and {@link CacheLoader}: loading get, bulk getAll, and
 * refresh after write, run against every {@link LoadEngine} (a subclass names it). Time comes from
 * a {@link ManualTicker}; no test sleeps: each waits for an event, with a bound.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class LoadingCacheContractTest {
  private static final Duration REFRESH = Duration.ofSeconds(10);

  private final List<CountDownLatch> gates = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  /** The cache's clock. */
  protected final ManualTicker ticker = new ManualTicker();

  /**
   * Returns the engine under test.
   *
   * @return the engine every cache of this suite is built with
   */
  protected abstract LoadEngine engine();

  @AfterEach
  void openGatesAndJoin() throws InterruptedException {
    gates.forEach(CountDownLatch::countDown);
    for (Thread t : threads) {
      t.interrupt();
      t.join(TimeUnit.SECONDS.toMillis(Awaits.PATIENCE_SECONDS));
    }
  }

  private CountDownLatch gate() {
    CountDownLatch gate = new CountDownLatch(1);
    gates.add(gate);
    return gate;
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(Awaits.PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        throw new AssertionError("gate never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private CacheBuilder<Object, Object> builder() {
    return CacheBuilder.newBuilder()
        .policy(Policy.LRU)
        .capacity(10_000)
        .ticker(ticker)
        .recordStats()
        .loadEngine(engine());
  }

  private Thread start(Runnable r) {
    Thread t = Thread.ofVirtual().start(r);
    threads.add(t);
    return t;
  }

  /** A loader counting loads, bulk loads and reloads per key; values are "key:generation". */
  private static class Counting implements CacheLoader<String, String> {
    final Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> reloads = new ConcurrentHashMap<>();
    final AtomicInteger generation = new AtomicInteger();

    @Override
    public String load(String key) throws Exception {
      loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return key + ":" + generation.get();
    }

    @Override
    public String reload(String key, String oldValue) throws Exception {
      reloads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      return key + ":" + generation.get();
    }

    int loads(String key) {
      AtomicInteger n = loads.get(key);
      return n == null ? 0 : n.get();
    }

    int reloads(String key) {
      AtomicInteger n = reloads.get(key);
      return n == null ? 0 : n.get();
    }
  }

  /** A counting loader with a bulk load of its own, which records each call's keys. */
  private static class Bulk extends Counting {
    final List<Set<String>> calls = new CopyOnWriteArrayList<>();
    final Map<String, String> extras = new HashMap<>();
    final Set<String> leftOut = ConcurrentHashMap.newKeySet();
    volatile CountDownLatch gate;
    final CountDownLatch entered = new CountDownLatch(1);

    @Override
    public Map<String, String> loadAll(Set<? extends String> keys) throws Exception {
      calls.add(Set.copyOf(keys));
      entered.countDown();
      if (gate != null) {
        await(gate);
      }
      Map<String, String> values = new LinkedHashMap<>(extras);
      for (String key : keys) {
        loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        if (!leftOut.contains(key)) {
          values.put(key, key + ":bulk");
        }
      }
      return values;
    }
  }

  // ------------------------------------------------------------------ get

  @Test
  void getLoadsAMissOnceAndThenHits() {
    Counting loader = new Counting();
    LoadingCache<String, String> cache = builder().build(loader);
    assertEquals("a:0", cache.get("a"));
    assertEquals("a:0", cache.get("a"));
    assertEquals(1, loader.loads("a"));
    assertEquals(1, cache.stats().hitCount());
    assertEquals(1, cache.stats().missCount());
    assertThat(cache.toString()).startsWith("LoadingCache[").contains(engine().name());
  }

  @Test
  void getOfManyCallersLoadsOnce() throws Exception {
    CountDownLatch gate = gate();
    AtomicInteger calls = new AtomicInteger();
    LoadingCache<String, String> cache =
        builder()
            .build(
                k -> {
                  calls.incrementAndGet();
                  await(gate);
                  return "v";
                });
    List<AtomicReference<String>> got = new ArrayList<>();
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      AtomicReference<String> r = new AtomicReference<>();
      got.add(r);
      callers.add(start(() -> r.set(cache.get("k"))));
    }
    Awaits.misses(cache, 100);
    gate.countDown();
    for (Thread t : callers) {
      t.join();
    }
    assertEquals(1, calls.get());
    got.forEach(r -> assertEquals("v", r.get()));
  }

  @Test
  void checkedExceptionsAreWrappedAndUncheckedOnesAreNot() {
    IOException io = new IOException("disk");
    IllegalArgumentException bad = new IllegalArgumentException("bad");
    LoadingCache<String, String> cache =
        builder()
            .build(
                k -> {
                  if (k.equals("io")) {
                    throw io;
                  }
                  throw bad;
                });
    assertThatThrownBy(() -> cache.get("io"))
        .isInstanceOf(CacheLoadException.class)
        .hasCause(io);
    assertThatThrownBy(() -> cache.get("bad")).isSameAs(bad);
    assertThatThrownBy(() -> cache.getAll(List.of("io"))).isInstanceOf(CacheLoadException.class);
    assertEquals(0, cache.size());
  }

  @Test
  void nullFromTheLoaderIsReturnedAndNotStored() {
    LoadingCache<String, String> cache = builder().build(k -> null);
    assertNull(cache.get("k"));
    assertEquals(0, cache.size());
  }

  // ------------------------------------------------------------------ getAll

  @Test
  void getAllLoadsOnlyTheMissingKeysInOneBulkCall() {
    Bulk loader = new Bulk();
    LoadingCache<String, String> cache = builder().build(loader);
    cache.put("a", "present");
    Map<String, String> all = cache.getAll(List.of("a", "b", "c", "b"));
    assertThat(all).containsExactly(Map.entry("a", "present"), Map.entry("b", "b:bulk"),
        Map.entry("c", "c:bulk"));
    assertThat(loader.calls).containsExactly(Set.of("b", "c"));
    assertEquals(0, loader.loads("a"));
    assertEquals("c:bulk", cache.get("c"));
    assertEquals(1, loader.calls.size());
  }

  @Test
  void getAllStoresExtraEntriesAndLeavesOutKeysTheBulkLoadLeftOut() {
    Bulk loader = new Bulk();
    loader.extras.put("x", "extra");
    loader.leftOut.add("gone");
    LoadingCache<String, String> cache = builder().build(loader);
    Map<String, String> all = cache.getAll(List.of("a", "gone"));
    assertThat(all).containsExactly(Map.entry("a", "a:bulk"));
    assertThat(cache.containsKey("x")).isTrue();
    assertThat(cache.containsKey("gone")).isFalse();
    assertEquals("extra", cache.get("x"));
  }

  @Test
  void getAllJoinsALoadInFlightAndAConcurrentGetJoinsTheBulkLoad() throws Exception {
    Bulk loader = new Bulk();
    CountDownLatch gate = gate();
    loader.gate = gate;
    LoadingCache<String, String> cache = builder().build(loader);
    AtomicReference<Map<String, String>> first = new AtomicReference<>();
    Thread bulk = start(() -> first.set(cache.getAll(List.of("a", "b"))));
    Awaits.latch(loader.entered, "the bulk load runs");
    AtomicReference<String> single = new AtomicReference<>();
    Thread get = start(() -> single.set(cache.get("b")));
    AtomicReference<Map<String, String>> second = new AtomicReference<>();
    Thread bulk2 = start(() -> second.set(cache.getAll(List.of("a", "c"))));
    Awaits.misses(cache, 5);
    gate.countDown();
    bulk.join();
    get.join();
    bulk2.join();
    assertEquals(Map.of("a", "a:bulk", "b", "b:bulk"), first.get());
    assertEquals("b:bulk", single.get());
    assertEquals(Map.of("a", "a:bulk", "c", "c:bulk"), second.get());
    assertThat(loader.calls).containsExactlyInAnyOrder(Set.of("a", "b"), Set.of("c"));
    assertEquals(1, loader.loads("a"));
    assertEquals(1, loader.loads("b"));
  }

  @Test
  void aLoaderWithoutABulkLoadLoadsEachKeyOnItsOwn() {
    Counting loader = new Counting();
    LoadingCache<String, String> cache = builder().build(loader);
    assertEquals(Map.of("a", "a:0", "b", "b:0"), cache.getAll(List.of("a", "b")));
    assertEquals(1, loader.loads("a"));
    assertEquals(1, loader.loads("b"));
  }

  @Test
  void aBulkLoadThatAsksForItsOwnKeyFailsInsteadOfDeadlocking() {
    AtomicReference<LoadingCache<String, String>> self = new AtomicReference<>();
    CacheLoader<String, String> loader =
        new CacheLoader<>() {
          @Override
          public String load(String key) {
            return key;
          }

          @Override
          public Map<String, String> loadAll(Set<? extends String> keys) {
            return Map.of("b", self.get().get("b"));
          }
        };
    LoadingCache<String, String> cache = builder().build(loader);
    self.set(cache);
    assertThatThrownBy(() -> cache.getAll(List.of("a", "b")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load");
  }

  @Test
  void aFailedBulkLoadFailsEveryKeyAndStoresNothing() {
    IllegalStateException down = new IllegalStateException("down");
    CacheLoader<String, String> loader =
        new CacheLoader<>() {
          @Override
          public String load(String key) {
            return key;
          }

          @Override
          public Map<String, String> loadAll(Set<? extends String> keys) {
            throw down;
          }
        };
    LoadingCache<String, String> cache = builder().build(loader);
    assertThatThrownBy(() -> cache.getAll(List.of("a", "b"))).isSameAs(down);
    assertEquals(0, cache.size());
    assertEquals(2, cache.stats().loadFailureCount());
  }

  @Test
  void thousandVirtualThreadsOfOverlappingGetAllsLoadNoKeyTwice() throws Exception {
    Bulk loader = new Bulk();
    LoadingCache<String, String> cache = builder().build(loader);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> callers = new ArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    for (int i = 0; i < 1_000; i++) {
      int base = i % 200;
      List<String> keys = List.of("k" + base, "k" + (base + 1), "k" + (base + 7), "k" + (base * 3 % 211));
      callers.add(
          start(
              () -> {
                try {
                  await(go);
                  Map<String, String> got = cache.getAll(keys);
                  for (String key : keys) {
                    if (!(key + ":bulk").equals(got.get(key))) {
                      throw new AssertionError(key + " -> " + got.get(key));
                    }
                  }
                } catch (Throwable t) {
                  failure.compareAndSet(null, t);
                }
              }));
    }
    go.countDown();
    for (Thread t : callers) {
      t.join();
    }
    assertNull(failure.get());
    assertThat(loader.loads).isNotEmpty();
    loader.loads.forEach((key, n) -> assertEquals(1, n.get(), key + " loaded more than once"));
  }

  // ------------------------------------------------------------------ refresh

  /** A loader whose reloads wait for a gate and return "key:reloaded". */
  private static final class GatedReload extends Counting {
    final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    final CountDownLatch reloading = new CountDownLatch(1);
    volatile Exception failWith;
    volatile boolean returnNull;

    @Override
    public String reload(String key, String oldValue) throws Exception {
      reloads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
      reloading.countDown();
      CountDownLatch g = gate.get();
      if (g != null) {
        await(g);
      }
      if (failWith != null) {
        throw failWith;
      }
      return returnNull ? null : key + ":reloaded";
    }
  }

  private LoadingCache<String, String> refreshing(CacheLoader<String, String> loader) {
    return builder().refreshAfterWrite(REFRESH).build(loader);
  }

  @Test
  void aStaleReadReturnsTheCurrentValueAndReloadsOnceInTheBackground() throws Exception {
    GatedReload loader = new GatedReload();
    CountDownLatch gate = gate();
    loader.gate.set(gate);
    RemovalRecorder<String, String> removals = new RemovalRecorder<>();
    LoadingCache<String, String> cache =
        builder().refreshAfterWrite(REFRESH).removalListener(removals).build(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH.minusNanos(1));
    assertEquals("old", cache.get("k"));
    assertEquals(0, loader.reloads("k"), "not stale yet");
    ticker.advanceNanos(1);
    assertEquals("old", cache.get("k"));
    Awaits.latch(loader.reloading, "the reload runs");
    for (int i = 0; i < 10; i++) {
      assertEquals("old", cache.get("k"), "reads during the reload neither wait nor change");
    }
    assertEquals("old", cache.computeIfAbsent("k", k -> "other"));
    gate.countDown();
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
    assertEquals(1, loader.reloads("k"));
    assertEquals(0, loader.loads("k"));
    // the listener hears of the replace after the lock is released, maybe after the read above
    Awaits.until("the replace reported", () -> !removals.removals.isEmpty());
    assertThat(removals.removals)
        .containsExactly(new RemovalRecorder.Removal<>("k", "old", RemovalCause.REPLACED));
    assertEquals(1, cache.stats().loadSuccessCount());
    ticker.advance(REFRESH.minusNanos(1));
    cache.get("k");
    assertEquals(1, loader.reloads("k"), "the reload restarted the write time");
  }

  @Test
  void aFailedReloadKeepsTheOldValueCountsAFailureAndReachesNoReader() throws Exception {
    GatedReload loader = new GatedReload();
    loader.failWith = new IOException("down");
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    assertEquals("old", cache.get("k"));
    Awaits.until("the failure counted", () -> cache.stats().loadFailureCount() == 1);
    assertEquals("old", cache.get("k"));
    Awaits.until("a second reload", () -> loader.reloads("k") == 2);
    assertEquals("old", cache.get("k"));
  }

  @Test
  void aReloadThatReturnsNullKeepsTheOldValueAndCountsAFailure() throws Exception {
    GatedReload loader = new GatedReload();
    loader.returnNull = true;
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    assertEquals("old", cache.get("k"));
    Awaits.until("the failure counted", () -> cache.stats().loadFailureCount() == 1);
    assertEquals("old", cache.get("k"));
    assertEquals(1, cache.size());
  }

  @Test
  void aPutDuringAReloadWins() throws Exception {
    GatedReload loader = new GatedReload();
    CountDownLatch gate = gate();
    loader.gate.set(gate);
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    cache.get("k");
    Awaits.latch(loader.reloading, "the reload runs");
    cache.put("k", "put");
    gate.countDown();
    Awaits.until("the reload settled", () -> cache.stats().loadFailureCount() == 1);
    assertEquals("put", cache.get("k"));
  }

  @Test
  void aRemoveDuringAReloadWinsWithoutWaiting() throws Exception {
    GatedReload loader = new GatedReload();
    CountDownLatch gate = gate();
    loader.gate.set(gate);
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    cache.get("k");
    Awaits.latch(loader.reloading, "the reload runs");
    assertEquals("old", cache.remove("k"), "returns while the reload is still blocked");
    gate.countDown();
    assertEquals(0, cache.size());
    assertEquals("k:0", cache.get("k"), "a later get loads afresh");
    assertEquals(1, loader.loads("k"));
  }

  @Test
  void anExpiredEntryIsLoadedNotRefreshed() {
    GatedReload loader = new GatedReload();
    LoadingCache<String, String> cache =
        builder()
            .policy(Policy.LRU_TTL)
            .ttl(Duration.ofSeconds(15))
            .refreshAfterWrite(REFRESH)
            .build(loader);
    cache.put("k", "old");
    ticker.advance(Duration.ofSeconds(15));
    assertEquals("k:0", cache.get("k"));
    assertEquals(0, loader.reloads("k"));
    assertEquals(1, loader.loads("k"));
  }

  @Test
  void refreshUnderTtlRestartsTheTimeToLive() {
    GatedReload loader = new GatedReload();
    LoadingCache<String, String> cache =
        builder()
            .policy(Policy.TTL)
            .ttl(Duration.ofSeconds(15))
            .refreshAfterWrite(REFRESH)
            .build(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    assertEquals("old", cache.get("k"));
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
    ticker.advance(Duration.ofSeconds(9));
    assertEquals("k:reloaded", cache.get("k"));
  }

  @Test
  void lfuEntriesCarryWriteTimesAndAPutRestartsThem() {
    entriesCarryWriteTimesAndAPutRestartsThem(Policy.LFU);
  }

  @Test
  void adaptiveEntriesCarryWriteTimesAndAPutRestartsThem() {
    entriesCarryWriteTimesAndAPutRestartsThem(Policy.ADAPTIVE);
  }

  @Test
  void lruEntriesCarryWriteTimesAndAPutRestartsThem() {
    entriesCarryWriteTimesAndAPutRestartsThem(Policy.LRU);
  }

  private void entriesCarryWriteTimesAndAPutRestartsThem(Policy policy) {
    GatedReload loader = new GatedReload();
    LoadingCache<String, String> cache =
        builder().policy(policy).refreshAfterWrite(REFRESH).build(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH.minusSeconds(1));
    cache.put("k", "newer");
    ticker.advance(Duration.ofSeconds(1));
    assertEquals("newer", cache.get("k"));
    assertEquals(0, loader.reloads("k"), "the put restarted the write time");
    ticker.advance(REFRESH);
    assertEquals("newer", cache.get("k"));
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
  }

  @Test
  void refreshReloadsAPresentKeyAndLoadsAnAbsentOne() {
    GatedReload loader = new GatedReload();
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    cache.refresh("k");
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
    cache.refresh("absent");
    Awaits.until("the load stored", () -> cache.containsKey("absent"));
    assertEquals("absent:0", cache.get("absent"));
    assertEquals(1, loader.loads("absent"));
  }

  @Test
  void refreshWorksWithoutRefreshAfterWriteAndStaleReadsThenStartNothing() {
    GatedReload loader = new GatedReload();
    LoadingCache<String, String> cache = builder().build(loader);
    cache.put("k", "old");
    ticker.advance(Duration.ofDays(1));
    assertEquals("old", cache.get("k"));
    assertEquals(0, loader.reloads("k"));
    cache.refresh("k");
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
    assertEquals(1, loader.reloads("k"));
  }

  @Test
  void tenThousandReadersOfAStaleKeyCauseExactlyOneReload() throws Exception {
    GatedReload loader = new GatedReload();
    CountDownLatch gate = gate();
    loader.gate.set(gate);
    LoadingCache<String, String> cache = refreshing(loader);
    cache.put("k", "old");
    ticker.advance(REFRESH);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger old = new AtomicInteger();
    List<Thread> readers = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      readers.add(
          start(
              () -> {
                await(go);
                if ("old".equals(cache.get("k"))) {
                  old.incrementAndGet();
                }
              }));
    }
    go.countDown();
    for (Thread t : readers) {
      t.join();
    }
    assertEquals(10_000, old.get(), "every reader got the current value without waiting");
    gate.countDown();
    Awaits.until("the reload stored", () -> "k:reloaded".equals(cache.get("k")));
    assertEquals(1, loader.reloads("k"));
  }

  // ------------------------------------------------------------------ the builder

  @Test
  void refreshAfterWriteNeedsALoaderAndAPositiveInterval() {
    assertThatThrownBy(() -> builder().refreshAfterWrite(REFRESH).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("build(CacheLoader)");
    assertThatThrownBy(() -> builder().refreshAfterWrite(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refreshAfterWrite");
    assertThatThrownBy(() -> builder().refreshAfterWrite(null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> builder().build((CacheLoader<String, String>) null))
        .isInstanceOf(NullPointerException.class);
    LoadingCache<String, String> cache = builder().build(k -> k);
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class);
    assertSame(engine(), cache.info().loadEngine());
  }
}
