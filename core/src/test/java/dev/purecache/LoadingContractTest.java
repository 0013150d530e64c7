package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The loading contract of DESIGN.md ("Loading (single-flight)", rules 1 to 10), written once and
 * run against every {@link LoadEngine}: a subclass names the engine with {@link #engine()}.
 *
 * <p>Besides the ten rules it checks what an engine adds: cancellation reaches the loader (the
 * loader observes an interrupt) when the timeout fires or when every caller gives up, and no
 * loader thread outlives its flight.
 *
 * <p>Load timeouts run on the wall clock ({@link System#nanoTime()}); no test sleeps: a test waits
 * for an event (a latch, a statistic, a thread's end), always with a bound.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class LoadingContractTest {
  /** How long a test waits for an event that must happen. */
  protected static final long PATIENCE_SECONDS = Awaits.PATIENCE_SECONDS;

  private final List<CountDownLatch> gates = new ArrayList<>();
  private final List<Thread> callers = new ArrayList<>();

  /**
   * Returns the engine under test.
   *
   * @return the engine every cache of this suite is built with
   */
  protected abstract LoadEngine engine();

  @AfterEach
  void openGatesAndJoinCallers() throws InterruptedException {
    for (CountDownLatch gate : gates) {
      gate.countDown();
    }
    for (Thread caller : callers) {
      caller.interrupt();
      caller.join(TimeUnit.SECONDS.toMillis(PATIENCE_SECONDS));
    }
  }

  // ------------------------------------------------------------------ fixtures

  /** A one-stripe LRU cache with statistics on the engine under test. */
  /** The policy of the caches under test; the contract holds for every policy. */
  protected Policy policy() {
    return Policy.LRU;
  }

  protected Cache<String, String> newCache() {
    return CacheBuilder.newBuilder()
        .policy(policy())
        .capacity(64)
        .stripes(1)
        .recordStats()
        .loadEngine(engine())
        .build();
  }

  /** Like {@link #newCache()} with a load timeout. */
  protected Cache<String, String> newCache(Duration loadTimeout) {
    return CacheBuilder.newBuilder()
        .policy(policy())
        .capacity(64)
        .stripes(1)
        .recordStats()
        .loadTimeout(loadTimeout)
        .loadEngine(engine())
        .build();
  }

  /** A latch opened by the test (and by {@link #openGatesAndJoinCallers} in any case). */
  protected CountDownLatch gate() {
    CountDownLatch gate = new CountDownLatch(1);
    gates.add(gate);
    return gate;
  }

  /**
   * A loader that counts its calls, signals {@code started}, then waits for {@code gate} and
   * returns {@code value}; if interrupted while waiting it records that in {@code interrupted}
   * and throws.
   */
  protected static final class BlockingLoader implements Function<String, String> {
    final AtomicInteger calls = new AtomicInteger();
    final CountDownLatch started = new CountDownLatch(1);
    final CountDownLatch interrupted = new CountDownLatch(1);
    final Set<String> threads = ConcurrentHashMap.newKeySet();
    private final CountDownLatch gate;
    private final String value;

    BlockingLoader(CountDownLatch gate, String value) {
      this.gate = gate;
      this.value = value;
    }

    @Override
    public String apply(String key) {
      calls.incrementAndGet();
      threads.add(Thread.currentThread().getName());
      started.countDown();
      try {
        gate.await();
      } catch (InterruptedException e) {
        interrupted.countDown();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("load of " + key + " interrupted", e);
      }
      return value;
    }

    boolean wasInterrupted() {
      return interrupted.getCount() == 0;
    }
  }

  /** What a caller thread got: a value or an exception, and its interrupt status at the end. */
  protected static final class Outcome {
    final AtomicReference<String> value = new AtomicReference<>();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    volatile boolean interruptedAtEnd;
    final CountDownLatch finished = new CountDownLatch(1);
    volatile long elapsedNanos;

    void await() throws InterruptedException {
      assertTrue(finished.await(PATIENCE_SECONDS, TimeUnit.SECONDS), "caller did not finish");
    }
  }

  /** Starts a virtual thread that runs {@code call} and records its outcome. */
  protected Outcome call(String name, java.util.function.Supplier<String> call) {
    Outcome outcome = new Outcome();
    Thread thread =
        Thread.ofVirtual()
            .name("caller-" + name)
            .start(
                () -> {
                  long start = System.nanoTime();
                  try {
                    outcome.value.set(call.get());
                  } catch (Throwable t) {
                    outcome.failure.set(t);
                  } finally {
                    outcome.elapsedNanos = System.nanoTime() - start;
                    outcome.interruptedAtEnd = Thread.currentThread().isInterrupted();
                    outcome.finished.countDown();
                  }
                });
    callers.add(thread);
    return outcome;
  }


  // ------------------------------------------------------------------ the engine is used

  @Test
  void cacheReportsTheEngineItWasBuiltWith() {
    Cache<String, String> cache = newCache();
    assertThat(cache.toString()).contains("engine=" + engine().name());
    assertSame(engine(), cache.info().loadEngine());
  }

  @Test
  void loaderNeverRunsOnTheCallingThread() {
    Cache<String, String> cache = newCache();
    Thread caller = Thread.currentThread();
    AtomicReference<Thread> loaderThread = new AtomicReference<>();
    String value =
        cache.computeIfAbsent(
            "k",
            k -> {
              loaderThread.set(Thread.currentThread());
              return "v";
            });
    assertEquals("v", value);
    assertThat(loaderThread.get()).isNotNull().isNotSameAs(caller);
  }

  // ------------------------------------------------------------------ rule 1

  @Test
  void rule1_liveMappingIsReturnedWithoutLoading() {
    Cache<String, String> cache = newCache();
    cache.put("k", "present");
    AtomicInteger calls = new AtomicInteger();
    assertEquals("present", cache.computeIfAbsent("k", k -> "loaded" + calls.incrementAndGet()));
    assertEquals(0, calls.get());
    assertEquals(1, cache.stats().hitCount());
  }

  // ------------------------------------------------------------------ rule 2

  @Test
  void rule2_concurrentCallersShareOneLoadAndParkWithoutPinning() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "v");
    // Far more waiters than carrier threads: if waiting pinned carriers, the loader could not run.
    int n = 1_000;
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outcomes.add(call("w" + i, () -> cache.computeIfAbsent("k", loader)));
    }
    Awaits.misses(cache, n);
    Awaits.latch(loader.started, "the load started");
    gate.countDown();
    for (Outcome o : outcomes) {
      o.await();
      assertNull(o.failure.get());
      assertEquals("v", o.value.get());
    }
    assertEquals(1, loader.calls.get());
    assertEquals("v", cache.get("k"));
  }

  @Test
  void rule2_tenThousandVirtualThreadsOnOneKeyLoadOnceAndShareOneInstance() throws Exception {
    Cache<String, Object> cache =
        CacheBuilder.newBuilder().capacity(10).loadEngine(engine()).build();
    CountDownLatch gate = gate();
    AtomicInteger loads = new AtomicInteger();
    List<java.util.concurrent.Future<Object>> results = new ArrayList<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10_000; i++) {
        results.add(
            threads.submit(
                () ->
                    cache.computeIfAbsent(
                        "k",
                        k -> {
                          loads.incrementAndGet();
                          awaitQuietly(gate);
                          return new Object();
                        })));
      }
      gate.countDown();
    }
    Object first = results.get(0).get();
    for (java.util.concurrent.Future<Object> result : results) {
      assertSame(first, result.get());
    }
    assertEquals(1, loads.get());
    assertSame(first, cache.get("k"));
  }

  @Test
  void rule2_tenThousandCallsOverOneHundredKeysLoadEachKeyOnce() {
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder().capacity(1_000).recordStats().loadEngine(engine()).build();
    Map<Integer, AtomicInteger> loadsPerKey = new ConcurrentHashMap<>();
    try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 10_000; i++) {
        int key = i % 100;
        threads.submit(
            () ->
                cache.computeIfAbsent(
                    key,
                    k -> {
                      loadsPerKey.computeIfAbsent(k, x -> new AtomicInteger()).incrementAndGet();
                      return "v" + k;
                    }));
      }
    }
    assertEquals(100, loadsPerKey.size());
    assertThat(loadsPerKey.values()).allSatisfy(n -> assertEquals(1, n.get()));
    assertEquals(100, cache.stats().loadSuccessCount());
    assertEquals(10_000, cache.stats().requestCount());
    assertEquals(100, cache.size());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void rule2_waitersHoldNoLockWhileALoadIsInFlight() throws InterruptedException {
    Cache<String, String> cache = newCache(); // one stripe: every key shares its lock
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "v");
    Outcome first = call("a", () -> cache.computeIfAbsent("k", loader));
    Outcome second = call("b", () -> cache.computeIfAbsent("k", loader));
    Awaits.misses(cache, 2);
    // Writes and reads of the same stripe proceed while both callers wait.
    cache.put("other", "x");
    assertEquals("x", cache.get("other"));
    assertEquals(1, cache.size());
    assertFalse(cache.containsKey("k"));
    gate.countDown();
    first.await();
    second.await();
    assertEquals("v", first.value.get());
    assertEquals("v", second.value.get());
  }

  // ------------------------------------------------------------------ rule 3

  @Test
  void rule3_loaderMayReadAndLoadOtherKeysOfTheSameCache() {
    Cache<String, String> cache = newCache();
    cache.put("c", "C");
    String value =
        cache.computeIfAbsent(
            "a",
            k -> {
              String b = cache.computeIfAbsent("b", kb -> "B");
              cache.put("d", "D");
              return k + b + cache.get("c") + cache.get("d");
            });
    assertEquals("aBCD", value);
    assertEquals("B", cache.get("b"));
    assertEquals("aBCD", cache.get("a"));
  }

  // ------------------------------------------------------------------ rule 4

  @Test
  void rule4_failureIsSharedByEveryCallerAndNothingIsStored() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    RuntimeException boom = new RuntimeException("boom");
    AtomicInteger calls = new AtomicInteger();
    Function<String, String> loader =
        k -> {
          calls.incrementAndGet();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          throw boom;
        };
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      outcomes.add(call("f" + i, () -> cache.computeIfAbsent("k", loader)));
    }
    Awaits.misses(cache, 5);
    gate.countDown();
    for (Outcome o : outcomes) {
      o.await();
      assertSame(boom, o.failure.get(), "the loader's own exception, unchanged");
    }
    assertEquals(1, calls.get());
    assertFalse(cache.containsKey("k"));
    assertEquals(0, cache.size());
    // the next call starts a fresh load
    assertEquals("fresh", cache.computeIfAbsent("k", k -> "fresh"));
    assertEquals(1, cache.stats().loadFailureCount());
    assertEquals(1, cache.stats().loadSuccessCount());
  }

  @Test
  void rule4_checkedExceptionIsWrappedInCacheLoadExceptionAndErrorsAreNot() {
    Cache<String, String> cache = newCache();
    java.io.IOException io = new java.io.IOException("disk");
    Throwable thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            CacheLoadException.class, () -> cache.computeIfAbsent("k", k -> sneakyThrow(io)));
    assertSame(io, thrown.getCause());
    assertThat(thrown).hasMessageContaining("k");
    AssertionError error = new AssertionError("an error");
    assertSame(
        error,
        org.junit.jupiter.api.Assertions.assertThrows(
            AssertionError.class, () -> cache.computeIfAbsent("e", k -> sneakyThrow(error))));
    Throwable bulk =
        org.junit.jupiter.api.Assertions.assertThrows(
            CacheLoadException.class, () -> cache.getAll(List.of("a", "b"), k -> sneakyThrow(io)));
    assertSame(io, bulk.getCause());
    assertEquals(0, cache.size());
  }

  /** Throws {@code t} from a {@link Function}, as a loader of a future checked API could. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> String sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  // ------------------------------------------------------------------ rule 5

  @Test
  void rule5_nullResultIsGivenToEveryCallerAndNotStored() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    AtomicInteger calls = new AtomicInteger();
    Function<String, String> loader =
        k -> {
          calls.incrementAndGet();
          try {
            gate.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return null;
        };
    Outcome a = call("a", () -> cache.computeIfAbsent("k", loader));
    Outcome b = call("b", () -> cache.computeIfAbsent("k", loader));
    Awaits.misses(cache, 2);
    gate.countDown();
    a.await();
    b.await();
    assertNull(a.failure.get());
    assertNull(b.failure.get());
    assertNull(a.value.get());
    assertNull(b.value.get());
    assertEquals(1, calls.get());
    assertFalse(cache.containsKey("k"));
    assertEquals("later", cache.computeIfAbsent("k", k -> "later"));
  }

  // ------------------------------------------------------------------ rule 6

  @Test
  void rule6_loaderThatLoadsItsOwnKeyGetsIllegalStateException() {
    Cache<String, String> cache = newCache();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Throwable thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class,
            () ->
                cache.computeIfAbsent(
                    "self",
                    k -> {
                      try {
                        return cache.computeIfAbsent("self", k2 -> "inner");
                      } catch (RuntimeException e) {
                        seen.set(e);
                        throw e;
                      }
                    }));
    assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("self");
    assertSame(seen.get(), thrown, "the recursive load's exception, unwrapped");
    assertFalse(cache.containsKey("self"));
  }

  @Test
  void rule6_loadCycleThroughOtherKeysGetsIllegalStateException() {
    Cache<String, String> cache = newCache();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    Function<String, String> loader =
        new Function<>() {
          @Override
          public String apply(String k) {
            String next = k.equals("a") ? "b" : k.equals("b") ? "c" : "a";
            try {
              return k + cache.computeIfAbsent(next, this);
            } catch (IllegalStateException e) {
              seen.compareAndSet(null, e);
              throw e;
            }
          }
        };
    assertThatThrownBy(() -> cache.computeIfAbsent("a", loader))
        .isInstanceOf(IllegalStateException.class)
        .isSameAs(seen.get());
    assertThat(seen.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("a");
    assertEquals(0, cache.size());
  }

  @Test
  void rule6_cycleBetweenLoadsStartedByDifferentCallersIsDetected() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch bothRunning = new CountDownLatch(2);
    Set<String> messages = ConcurrentHashMap.newKeySet();
    Function<String, String> loader =
        k -> {
          bothRunning.countDown();
          try {
            if (!bothRunning.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
              throw new AssertionError("both loads never ran together");
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
          String other = k.equals("x") ? "y" : "x";
          try {
            return k + cache.computeIfAbsent(other, this::unreachable);
          } catch (IllegalStateException e) {
            messages.add(e.getMessage());
            throw e;
          }
        };
    Outcome x = call("x", () -> cache.computeIfAbsent("x", loader));
    Outcome y = call("y", () -> cache.computeIfAbsent("y", loader));
    x.await();
    y.await();
    assertThat(x.failure.get()).isInstanceOf(IllegalStateException.class);
    assertThat(y.failure.get()).isInstanceOf(IllegalStateException.class);
    assertThat(messages).isNotEmpty().allMatch(m -> m.contains("x") || m.contains("y"));
    assertEquals(0, cache.size());
  }

  @Test
  void rule6_cycleThroughAGetAllThatStartsTheLoadIsDetected() {
    Cache<String, String> cache = newCache();
    // a's loader calls getAll([b]); b's loader (started by that getAll) asks for a
    Function<String, String> loader =
        new Function<>() {
          @Override
          public String apply(String k) {
            return k.equals("a")
                ? "a" + cache.getAll(List.of("b"), this).get("b")
                : "b" + cache.computeIfAbsent("a", this);
          }
        };
    assertThatThrownBy(() -> cache.computeIfAbsent("a", loader))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a");
    assertEquals(0, cache.size());
  }

  @Test
  void rule6_cycleThroughAGetAllThatJoinsALoadStartedElsewhereIsDetected()
      throws InterruptedException {
    Cache<String, String> cache = newCache();
    // b's load is started first by another caller and waits until a's loader has joined it
    // through getAll; then b's loader asks for a, whose loader waits for b: a cycle
    CountDownLatch bRunning = new CountDownLatch(1);
    CountDownLatch aJoinedB = new CountDownLatch(1);
    Function<String, String> loader =
        new Function<>() {
          @Override
          public String apply(String k) {
            try {
              if (k.equals("a")) {
                bRunning.await();
                Thread.ofVirtual().start(() -> awaitBJoined(cache, aJoinedB));
                return "a" + cache.getAll(List.of("b"), this).get("b");
              }
              bRunning.countDown();
              aJoinedB.await();
              return "b" + cache.computeIfAbsent("a", this);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
        };
    Outcome b = call("b", () -> cache.computeIfAbsent("b", loader));
    Outcome a = call("a", () -> cache.computeIfAbsent("a", loader));
    a.await();
    b.await();
    assertThat(a.failure.get()).isInstanceOf(IllegalStateException.class);
    assertThat(b.failure.get()).isInstanceOf(IllegalStateException.class);
    assertEquals(0, cache.size());
  }

  /** Opens {@code latch} once b's load has two callers: its starter and a's getAll. */
  private static void awaitBJoined(Cache<String, String> cache, CountDownLatch latch) {
    Awaits.misses(cache, 3); // a's caller, b's caller, and a's getAll of b
    latch.countDown();
  }

  private String unreachable(String key) {
    throw new AssertionError("the load of " + key + " is in flight: it must be joined");
  }

  // ------------------------------------------------------------------ rule 7

  @Test
  void rule7_putDuringLoadWins() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "loaded");
    Outcome caller = call("c", () -> cache.computeIfAbsent("k", loader));
    Awaits.latch(loader.started, "the load started");
    cache.put("k", "put");
    gate.countDown();
    caller.await();
    assertNull(caller.failure.get());
    assertThat(caller.value.get()).isIn("loaded", "put");
    assertEquals("put", cache.get("k"));
    assertEquals(1, cache.size());
  }

  @Test
  void rule7_removeDuringLoadWaitsForItAndRemovesWhatItStored() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "loaded");
    Outcome caller = call("c", () -> cache.computeIfAbsent("k", loader));
    Awaits.latch(loader.started, "the load started");
    Outcome remover = call("r", () -> cache.remove("k"));
    // remove cannot finish while the load is in flight
    assertFalse(remover.finished.await(200, TimeUnit.MILLISECONDS), "remove did not wait");
    gate.countDown();
    caller.await();
    remover.await();
    assertEquals("loaded", caller.value.get());
    assertNull(remover.failure.get());
    assertEquals("loaded", remover.value.get());
    assertFalse(cache.containsKey("k"));
    assertEquals(0, cache.size());
  }

  @Test
  void rule7_clearDoesNotWaitAndInFlightLoadsStoreNothing() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "old");
    Outcome caller = call("c", () -> cache.computeIfAbsent("k", loader));
    Awaits.latch(loader.started, "the load started");
    cache.clear(); // returns while the load is blocked: it does not wait
    assertEquals(1, caller.finished.getCount(), "the load's caller is still waiting");
    // a caller arriving after the clear starts a fresh load
    assertEquals("new", cache.computeIfAbsent("k", k -> "new"));
    cache.remove("k");
    gate.countDown();
    caller.await();
    assertEquals("old", caller.value.get());
    assertFalse(cache.containsKey("k"));
    assertEquals(1, loader.calls.get());
  }

  // ------------------------------------------------------------------ rule 8

  @Test
  void rule8_interruptedWaiterStopsPromptlyAndTheLoadGoesOnForOthers()
      throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "v");
    Outcome stays = call("stays", () -> cache.computeIfAbsent("k", loader));
    Awaits.misses(cache, 1);
    AtomicReference<Thread> quitterThread = new AtomicReference<>();
    Outcome quits =
        call(
            "quits",
            () -> {
              quitterThread.set(Thread.currentThread());
              return cache.computeIfAbsent("k", loader);
            });
    Awaits.misses(cache, 2);
    Awaits.latch(loader.started, "the load started");
    quitterThread.get().interrupt();
    quits.await(); // promptly: the gate is still closed
    assertThat(quits.failure.get()).isInstanceOf(CacheInterruptedException.class);
    assertThat(quits.failure.get()).isInstanceOf(CacheException.class);
    assertTrue(quits.interruptedAtEnd, "interrupt status kept");
    assertFalse(loader.wasInterrupted(), "the load goes on for the other caller");
    gate.countDown();
    stays.await();
    assertEquals("v", stays.value.get());
    assertFalse(loader.wasInterrupted());
    assertEquals("v", cache.get("k"));
  }

  @Test
  void rule8_loadIsCancelledOnceNobodyWaitsAndTheLoaderObservesIt() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "v");
    List<AtomicReference<Thread>> threads = new ArrayList<>();
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AtomicReference<Thread> t = new AtomicReference<>();
      threads.add(t);
      outcomes.add(
          call(
              "g" + i,
              () -> {
                t.set(Thread.currentThread());
                return cache.computeIfAbsent("k", loader);
              }));
    }
    Awaits.misses(cache, 3);
    Awaits.latch(loader.started, "the load started");
    for (AtomicReference<Thread> t : threads) {
      t.get().interrupt();
    }
    for (Outcome o : outcomes) {
      o.await();
      assertThat(o.failure.get()).isInstanceOf(CacheInterruptedException.class);
    }
    Awaits.latch(loader.interrupted, "the loader observed its cancellation");
    assertFalse(cache.containsKey("k"));
    // the next call starts a fresh load
    assertEquals("again", cache.computeIfAbsent("k", k -> "again"));
    assertEquals(1, loader.calls.get());
  }

  // ------------------------------------------------------------------ rule 9

  @Test
  void rule9_timeoutAnswersEveryCallerCancelsTheLoadAndStoresNothing()
      throws InterruptedException {
    Duration timeout = Duration.ofMillis(300);
    Cache<String, String> cache = newCache(timeout);
    CountDownLatch gate = gate(); // never opened before the timeout
    BlockingLoader loader = new BlockingLoader(gate, "late");
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      outcomes.add(call("t" + i, () -> cache.computeIfAbsent("k", loader)));
    }
    for (Outcome o : outcomes) {
      o.await();
      assertThat(o.failure.get()).isInstanceOf(CacheLoadTimeoutException.class);
      // waited at most about the timeout (generous slack for a loaded two-core machine)
      assertThat(o.elapsedNanos).isLessThan(timeout.plusSeconds(5).toNanos());
    }
    assertThat(outcomes.get(0).elapsedNanos).isGreaterThanOrEqualTo(timeout.toNanos());
    Awaits.latch(loader.interrupted, "the loader observed the timeout's cancellation");
    assertFalse(cache.containsKey("k"));
    assertEquals(1, loader.calls.get());
    assertEquals("fresh", cache.computeIfAbsent("k", k -> "fresh"));
  }

  // ------------------------------------------------------------------ rule 10

  @Test
  void rule10_getAllLoadsMissingKeysConcurrently() {
    Cache<String, String> cache = newCache();
    cache.put("present", "P");
    List<String> keys = List.of("a", "b", "c", "d", "present");
    CountDownLatch allRunning = new CountDownLatch(4);
    Set<String> loaded = ConcurrentHashMap.newKeySet();
    Map<String, String> result =
        cache.getAll(
            keys,
            k -> {
              loaded.add(k);
              allRunning.countDown();
              try {
                // every missing key's loader runs at the same time, or none finishes
                if (!allRunning.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                  throw new IllegalStateException("loads did not run concurrently");
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
              return k.toUpperCase();
            });
    assertEquals(Map.of("a", "A", "b", "B", "c", "C", "d", "D", "present", "P"), result);
    assertEquals(List.of("a", "b", "c", "d", "present"), List.copyOf(result.keySet()));
    assertEquals(Set.of("a", "b", "c", "d"), loaded);
    assertEquals(5, cache.size());
  }

  @Test
  void rule10_getAllJoinsFlightsInProgressSingleFlight() throws InterruptedException {
    Cache<String, String> cache = newCache();
    CountDownLatch gate = gate();
    BlockingLoader loader = new BlockingLoader(gate, "V");
    Outcome single = call("single", () -> cache.computeIfAbsent("x", loader));
    Awaits.latch(loader.started, "the load of x started");
    AtomicInteger bulkCalls = new AtomicInteger();
    Outcome bulk =
        call(
            "bulk",
            () ->
                cache
                    .getAll(
                        List.of("x", "y"),
                        k -> {
                          bulkCalls.incrementAndGet();
                          return "bulk-" + k;
                        })
                    .toString());
    Awaits.misses(cache, 3); // single's x, bulk's x and y
    gate.countDown();
    bulk.await();
    single.await();
    assertNull(bulk.failure.get());
    assertEquals("{x=V, y=bulk-y}", bulk.value.get());
    assertEquals(1, loader.calls.get());
    assertEquals(1, bulkCalls.get());
  }

  @Test
  void rule10_firstFailureCancelsUnsharedLoadsIsThrownAndSuccessesStayCached()
      throws InterruptedException {
    Cache<String, String> cache = newCache();
    // "shared" has another caller: its load must go on.
    CountDownLatch sharedGate = gate();
    BlockingLoader sharedLoader = new BlockingLoader(sharedGate, "S");
    Outcome other = call("other", () -> cache.computeIfAbsent("shared", sharedLoader));
    Awaits.latch(sharedLoader.started, "the shared load started");

    RuntimeException boom = new RuntimeException("boom");
    CountDownLatch okDone = new CountDownLatch(1);
    CountDownLatch slowStarted = new CountDownLatch(1);
    CountDownLatch slowInterrupted = new CountDownLatch(1);
    CountDownLatch never = gate();
    Function<String, String> loader =
        k -> {
          try {
            switch (k) {
              case "ok" -> {
                okDone.countDown();
                return "OK";
              }
              case "bad" -> {
                // fail only once "ok" has been answered and "slow" is running
                okDone.await();
                slowStarted.await();
                throw boom;
              }
              case "slow" -> {
                slowStarted.countDown();
                never.await();
                return "late";
              }
              default -> throw new AssertionError(k);
            }
          } catch (InterruptedException e) {
            if (k.equals("slow")) {
              slowInterrupted.countDown();
            }
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        };
    Throwable thrown =
        org.junit.jupiter.api.Assertions.assertThrows(
            RuntimeException.class,
            () -> cache.getAll(List.of("ok", "bad", "slow", "shared"), loader));
    assertSame(boom, thrown);
    Awaits.latch(slowInterrupted, "the unshared load was cancelled");
    Awaits.until("ok is cached", () -> "OK".equals(cache.get("ok")));
    assertFalse(cache.containsKey("bad"));
    assertFalse(cache.containsKey("slow"));
    assertFalse(sharedLoader.wasInterrupted(), "a load another caller waits for goes on");
    sharedGate.countDown();
    other.await();
    assertEquals("S", other.value.get());
    assertEquals("S", cache.get("shared"));
  }

  // ------------------------------------------------------------------ thread lifetime

  @Test
  void noLoaderThreadOutlivesItsFlight() throws Exception {
    Cache<String, String> failing = newCache();
    Cache<String, String> timing = newCache(Duration.ofMillis(100));
    CountDownLatch never = gate();
    Set<Thread> loaderThreads = ConcurrentHashMap.newKeySet();
    Function<String, String> fails =
        k -> {
          loaderThreads.add(Thread.currentThread());
          throw new IllegalStateException("fails " + k);
        };
    Function<String, String> hangs =
        k -> {
          loaderThreads.add(Thread.currentThread());
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "late";
        };
    int n = 40;
    List<Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String key = "burst-fail-" + i;
      outcomes.add(call(key, () -> failing.computeIfAbsent(key, fails)));
      String slow = "burst-slow-" + i;
      outcomes.add(call(slow, () -> timing.computeIfAbsent(slow, hangs)));
    }
    List<String> bulkKeys = List.of("burst-bulk-0", "burst-bulk-1", "burst-bulk-2");
    outcomes.add(call("burst-bulk", () -> timing.getAll(bulkKeys, hangs).toString()));
    outcomes.add(call("burst-bulk-fail", () -> failing.getAll(bulkKeys, fails).toString()));
    for (Outcome o : outcomes) {
      o.await();
      assertThat(o.failure.get())
          .isInstanceOfAny(IllegalStateException.class, CacheLoadTimeoutException.class);
    }
    // every failing flight ran its loader; a load cancelled (timed out) before it ran never does
    assertThat(loaderThreads.size()).isBetween(n, 2 * n + 2 * bulkKeys.size());
    // Every flight has ended; every loader thread must end too (bounded wait, no sleep).
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    for (Thread t : loaderThreads) {
      t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
    }
    assertThat(loaderThreads.stream().filter(Thread::isAlive).map(Thread::getName).toList())
        .as("loader threads outliving their flights")
        .isEmpty();
    assertEngineLeftNoThreads("burst-");
    assertEquals(0, failing.size());
    assertEquals(0, timing.size());
  }

  /**
   * Asserts that no thread of the engine other than the loaders (for example a scope's owner)
   * whose name mentions {@code marker} is still alive, waiting a bounded time for them to end.
   * Loader threads are checked by the caller; the default has no other threads to check.
   *
   * @param marker a key prefix the engine's thread names contain
   * @throws Exception if the check cannot run
   */
  protected void assertEngineLeftNoThreads(String marker) throws Exception {}
}
