package dev.purecache.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.purecache.LoadEngine;
import dev.purecache.LoadEngine.Handle;
import dev.purecache.LoadEngine.Load;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The engine on its own, driven with recording loads instead of a cache. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StructuredTaskScopeEngineTest {
  private static final long PATIENCE = 20;
  private final LoadEngine engine = new StructuredTaskScopeEngine();
  private final CountDownLatch never = new CountDownLatch(1);

  @TempDir Path dir;

  @AfterEach
  void release() {
    never.countDown();
  }

  /** A load that records how it was reported; its body is a {@link Callable}. */
  static final class RecordingLoad implements Load<String> {
    final String name;
    final Duration timeout;
    final Callable<String> body;
    final AtomicInteger reports = new AtomicInteger();
    final AtomicReference<String> outcome = new AtomicReference<>();
    final CountDownLatch reported = new CountDownLatch(1);
    final CountDownLatch running = new CountDownLatch(1);
    final CountDownLatch finished = new CountDownLatch(1);
    final AtomicReference<Thread> thread = new AtomicReference<>();
    volatile boolean sawInterrupt;

    RecordingLoad(String name, Duration timeout, Callable<String> body) {
      this.name = name;
      this.timeout = timeout;
      this.body = body;
    }

    @Override
    public String name() {
      return "purecache-load[" + name + "]";
    }

    @Override
    public Duration timeout() {
      return timeout;
    }

    @Override
    public String call() throws Exception {
      thread.set(Thread.currentThread());
      running.countDown();
      try {
        return body.call();
      } catch (InterruptedException e) {
        sawInterrupt = true;
        throw e;
      } finally {
        finished.countDown();
      }
    }

    private void report(String what) {
      reports.incrementAndGet();
      outcome.compareAndSet(null, what);
      reported.countDown();
    }

    @Override
    public void succeeded(String value) {
      report("succeeded:" + value);
    }

    @Override
    public void failed(Throwable failure) {
      report("failed:" + failure.getMessage());
    }

    @Override
    public void timedOut() {
      report("timedOut");
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(PATIENCE, TimeUnit.SECONDS), "timed out waiting until " + what);
  }

  private RecordingLoad blocking(String name, Duration timeout) {
    return new RecordingLoad(
        name,
        timeout,
        () -> {
          never.await();
          return "late";
        });
  }

  @Test
  void nameAndUsability() {
    assertEquals("structured-task-scope", engine.name());
    assertEquals("structured-task-scope", engine.toString());
    assertTrue(engine.isUsable());
  }

  @Test
  void reportsSuccessAndFailureOnceFromAThreadNamedAfterTheLoad() throws Exception {
    RecordingLoad ok = new RecordingLoad("ok", null, () -> "v");
    RecordingLoad bad =
        new RecordingLoad(
            "bad",
            null,
            () -> {
              throw new IllegalStateException("boom");
            });
    engine.start(ok);
    engine.start(bad);
    await(ok.reported, "ok reported");
    await(bad.reported, "bad reported");
    assertEquals("succeeded:v", ok.outcome.get());
    assertEquals("failed:boom", bad.outcome.get());
    assertEquals("purecache-load[ok]", ok.thread.get().getName());
    assertTrue(ok.thread.get().isVirtual());
    assertThat(ok.thread.get()).isNotSameAs(Thread.currentThread());
    ok.thread.get().join();
    bad.thread.get().join();
    assertEquals(1, ok.reports.get());
    assertEquals(1, bad.reports.get());
  }

  @Test
  void scopeTimeoutReportsTimedOutAndInterruptsTheLoader() throws Exception {
    RecordingLoad load = blocking("slow", Duration.ofMillis(150));
    long start = System.nanoTime();
    engine.start(load);
    await(load.reported, "the timeout reported");
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
    assertEquals("timedOut", load.outcome.get());
    await(load.finished, "the loader ended");
    assertTrue(load.sawInterrupt, "the loader observed the scope's cancellation");
    load.thread.get().join();
    assertEquals(1, load.reports.get(), "an interrupted loader is not also reported as failed");
  }

  @Test
  void cancelClosesTheScopeInterruptsTheLoaderAndReportsNothing() throws Exception {
    RecordingLoad load = blocking("cancelled", null);
    Handle handle = engine.start(load);
    await(load.running, "the loader runs");
    handle.cancel();
    handle.cancel(); // idempotent
    await(load.finished, "the loader ended");
    assertTrue(load.sawInterrupt);
    load.thread.get().join();
    assertEquals(0, load.reports.get());
  }

  @Test
  void startAllReportsEachLoadOnItsOwnAndAFailureCancelsNoSibling() throws Exception {
    CountDownLatch slowGate = new CountDownLatch(1);
    RecordingLoad fast =
        new RecordingLoad(
            "fast",
            null,
            () -> {
              throw new IllegalStateException("fast failure");
            });
    RecordingLoad slow =
        new RecordingLoad(
            "slow",
            null,
            () -> {
              slowGate.await();
              return "S";
            });
    List<Handle> handles = engine.startAll(List.of(fast, slow));
    assertEquals(2, handles.size());
    // the failure is reported while the sibling still runs
    await(fast.reported, "the failure reported");
    assertEquals("failed:fast failure", fast.outcome.get());
    assertEquals(1, slow.reported.getCount());
    slowGate.countDown();
    await(slow.reported, "the sibling reported");
    assertEquals("succeeded:S", slow.outcome.get());
    assertFalse(slow.sawInterrupt);
  }

  @Test
  void cancellingOneLoadOfAGroupInterruptsOnlyThatLoad() throws Exception {
    CountDownLatch keepGate = new CountDownLatch(1);
    RecordingLoad dropped = blocking("dropped", null);
    RecordingLoad kept =
        new RecordingLoad(
            "kept",
            null,
            () -> {
              keepGate.await();
              return "K";
            });
    List<Handle> handles = engine.startAll(List.of(dropped, kept));
    await(dropped.running, "dropped runs");
    await(kept.running, "kept runs");
    handles.getFirst().cancel();
    await(dropped.finished, "the cancelled loader ended");
    assertTrue(dropped.sawInterrupt);
    assertFalse(kept.sawInterrupt);
    keepGate.countDown();
    await(kept.reported, "kept reported");
    assertEquals("succeeded:K", kept.outcome.get());
    assertEquals(0, dropped.reports.get());
  }

  @Test
  void cancellingEveryLoadOfAGroupClosesItsScope() throws Exception {
    RecordingLoad a = blocking("ga", null);
    RecordingLoad b = blocking("gb", null);
    List<Handle> handles = engine.startAll(List.of(a, b));
    await(a.running, "a runs");
    await(b.running, "b runs");
    handles.forEach(Handle::cancel);
    await(a.finished, "a ended");
    await(b.finished, "b ended");
    assertTrue(a.sawInterrupt);
    assertTrue(b.sawInterrupt);
    a.thread.get().join();
    b.thread.get().join();
    assertEquals(0, a.reports.get() + b.reports.get());
  }

  @Test
  void threadDumpShowsTheLoaderInsideItsScope() throws Exception {
    RecordingLoad single = blocking("dumped", null);
    RecordingLoad g1 = blocking("bulk-1", null);
    RecordingLoad g2 = blocking("bulk-2", null);
    engine.start(single);
    engine.startAll(List.of(g1, g2));
    await(single.running, "the loader runs");
    await(g1.running, "bulk-1 runs");
    await(g2.running, "bulk-2 runs");
    Path file = dir.resolve("threads.json");
    String json = ThreadDumps.dump(file);
    Path kept = Path.of("target", "thread-dump-structured.json");
    Files.createDirectories(kept.getParent());
    Files.writeString(kept, json);

    List<ThreadDumps.Container> containers = ThreadDumps.containers(json);
    ThreadDumps.Container scope =
        containers.stream()
            .filter(c -> c.name().startsWith("purecache-load[dumped]"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no scope container in " + json));
    assertEquals(List.of("purecache-load[dumped]"), scope.threadNames());
    assertThat(scope.owner()).isNotNull();
    assertThat(ThreadDumps.allThreadNames(json))
        .contains("purecache-load[dumped] (scope owner)");
    String ownerTid =
        containers.stream()
            .flatMap(c -> c.threads().stream())
            .filter(t -> "purecache-load[dumped] (scope owner)".equals(t.get("name")))
            .map(t -> String.valueOf(t.get("tid")))
            .findFirst()
            .orElseThrow();
    assertEquals(ownerTid, scope.owner());
    assertEquals(String.valueOf(single.thread.get().threadId()), String.valueOf(
        scope.threads().getFirst().get("tid")));

    ThreadDumps.Container bulk =
        containers.stream()
            .filter(c -> c.name().startsWith("purecache-getAll[purecache-load[bulk-1] +1]"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no getAll scope in " + json));
    assertThat(bulk.threadNames())
        .containsExactlyInAnyOrder("purecache-load[bulk-1]", "purecache-load[bulk-2]");
    assertNull(scopeOf(containers, "purecache-load[never-started]"));
  }

  private static ThreadDumps.Container scopeOf(List<ThreadDumps.Container> all, String name) {
    return all.stream().filter(c -> c.name().startsWith(name)).findFirst().orElse(null);
  }
}
