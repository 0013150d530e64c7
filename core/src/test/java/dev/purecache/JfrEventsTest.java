package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Flight Recorder events {@code purecache.Load} and {@code purecache.Eviction}: recorded
 * around a stampede, a failure, a timeout, a cancellation and evictions, with their fields; and
 * absent from a recording that uses the JDK's own settings (disabled by default).
 */
class JfrEventsTest {
  private static final String LOAD = "purecache.Load";
  private static final String EVICTION = "purecache.Eviction";

  @TempDir Path dir;

  /** Runs {@code body} under a recording with both events enabled and returns their events. */
  private List<RecordedEvent> record(ThrowingRunnable body) throws Exception {
    Path file = dir.resolve("events-" + System.nanoTime() + ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable(LOAD);
      recording.enable(EVICTION);
      recording.start();
      body.run();
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("purecache."))
        .toList();
  }

  private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
    return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
  }

  @Test
  void aStampedeRecordsOneLoadSharedByEveryCaller() throws Exception {
    int callers = 200;
    Cache<Integer, String> cache = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(100).recordStats().build();
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger loaderCalls = new AtomicInteger();
    long[] span = new long[2];
    List<RecordedEvent> events =
        record(
            () -> {
              span[0] = System.nanoTime();
              List<Future<String>> answers = new ArrayList<>();
              try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < callers; i++) {
                  answers.add(
                      threads.submit(
                          () ->
                              cache.computeIfAbsent(
                                  7,
                                  k -> {
                                    loaderCalls.incrementAndGet();
                                    await(release);
                                    return "seven";
                                  })));
                }
                // every caller has joined the flight once each has counted its miss
                Awaits.misses(cache, callers);
                release.countDown();
                for (Future<String> answer : answers) {
                  assertThat(answer.get()).isEqualTo("seven");
                }
              }
              span[1] = System.nanoTime();
            });
    assertThat(loaderCalls).hasValue(1);
    List<RecordedEvent> loads = named(events, LOAD);
    assertThat(loads).hasSize(1);
    RecordedEvent load = loads.get(0);
    assertThat(load.getString("keyType")).isEqualTo("java.lang.Integer");
    assertThat(load.getString("outcome")).isEqualTo("success");
    assertThat(load.getInt("callers")).isEqualTo(callers);
    assertThat(load.getString("policy")).isEqualTo("LRU");
    assertThat(load.getDuration().toNanos()).isPositive().isLessThanOrEqualTo(span[1] - span[0]);
    assertThat(named(events, EVICTION)).isEmpty();
  }

  @Test
  void aFailedLoadRecordsFailure() throws Exception {
    Cache<String, String> cache = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(10).build();
    List<RecordedEvent> events =
        record(
            () ->
                assertThatThrownBy(
                        () ->
                            cache.computeIfAbsent(
                                "k",
                                k -> {
                                  throw new IllegalStateException("down");
                                }))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("down"));
    List<RecordedEvent> loads = named(events, LOAD);
    assertThat(loads).hasSize(1);
    assertThat(loads.get(0).getString("outcome")).isEqualTo("failure");
    assertThat(loads.get(0).getString("keyType")).isEqualTo("java.lang.String");
    assertThat(loads.get(0).getInt("callers")).isEqualTo(1);
  }

  @Test
  void aLoadPastItsTimeoutRecordsTimeout() throws Exception {
    Duration timeout = Duration.ofMillis(50);
    Cache<Long, String> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(10)
            .ttl(Duration.ofMinutes(1))
            .loadTimeout(timeout)
            .build();
    CountDownLatch never = new CountDownLatch(1);
    List<RecordedEvent> events =
        record(
            () ->
                assertThatThrownBy(
                        () ->
                            cache.computeIfAbsent(
                                1L,
                                k -> {
                                  await(never);
                                  return "late";
                                }))
                    .isInstanceOf(CacheLoadTimeoutException.class));
    List<RecordedEvent> loads = named(events, LOAD);
    assertThat(loads).hasSize(1);
    RecordedEvent load = loads.get(0);
    assertThat(load.getString("outcome")).isEqualTo("timeout");
    assertThat(load.getString("keyType")).isEqualTo("java.lang.Long");
    assertThat(load.getString("policy")).isEqualTo("LRU_TTL");
    assertThat(load.getDuration()).isGreaterThanOrEqualTo(timeout);
  }

  @Test
  void aLoadEveryCallerLeftRecordsCancelled() throws Exception {
    Cache<Integer, String> cache = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(10).recordStats().build();
    CountDownLatch never = new CountDownLatch(1);
    List<RecordedEvent> events =
        record(
            () -> {
              AtomicInteger interrupted = new AtomicInteger();
              Thread caller =
                  Thread.ofVirtual()
                      .start(
                          () -> {
                            try {
                              cache.computeIfAbsent(
                                  3,
                                  k -> {
                                    await(never);
                                    return "never";
                                  });
                            } catch (CacheInterruptedException expected) {
                              interrupted.incrementAndGet();
                            }
                          });
              Awaits.misses(cache, 1);
              caller.interrupt();
              caller.join();
              assertThat(interrupted).hasValue(1);
            });
    List<RecordedEvent> loads = named(events, LOAD);
    assertThat(loads).hasSize(1);
    assertThat(loads.get(0).getString("outcome")).isEqualTo("cancelled");
    assertThat(loads.get(0).getInt("callers")).isEqualTo(1);
  }

  @Test
  void evictionsForSizeAndExpiryAreRecordedAndExplicitRemovalsAreNot() throws Exception {
    Cache<Integer, String> lru = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(2).build();
    ManualTicker ticker = new ManualTicker();
    Cache<String, String> ttl =
        CacheBuilder.newBuilder().policy(Policy.TTL).ttl(Duration.ofSeconds(10)).ticker(ticker)
            .build();
    List<RecordedEvent> events =
        record(
            () -> {
              lru.put(1, "a");
              lru.put(2, "b");
              lru.put(3, "c"); // evicts 1 (SIZE)
              lru.remove(2); // explicit: no event
              lru.put(3, "d"); // replaced: no event
              ttl.put("x", "y");
              ticker.advance(Duration.ofSeconds(10));
              ttl.cleanUp(); // reclaims x (EXPIRED)
            });
    List<RecordedEvent> evictions = named(events, EVICTION);
    assertThat(evictions)
        .extracting(
            e -> e.getString("keyType") + " " + e.getString("cause") + " " + e.getString("policy"))
        .containsExactly("java.lang.Integer SIZE LRU", "java.lang.String EXPIRED TTL");
    assertThat(named(events, LOAD)).isEmpty();
  }

  @Test
  void theEventsAreOffUnderTheJdksOwnSettings() throws Exception {
    Cache<Integer, String> cache = CacheBuilder.newBuilder().policy(Policy.LRU).capacity(1).build();
    Path file = dir.resolve("profile.jfr");
    try (Recording recording = new Recording(Configuration.getConfiguration("profile"))) {
      recording.start();
      cache.computeIfAbsent(1, k -> "one");
      cache.computeIfAbsent(2, k -> "two"); // evicts 1
      recording.stop();
      recording.dump(file);
    }
    assertThat(RecordingFile.readAllEvents(file))
        .noneMatch(e -> e.getEventType().getName().startsWith("purecache."));
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("load interrupted", e);
    }
  }

  @FunctionalInterface
  private interface ThrowingRunnable {
    void run() throws Exception;
  }
}
