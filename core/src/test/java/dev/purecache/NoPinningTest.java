package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 10,000-thread stampede under a JFR recording with {@code jdk.VirtualThreadPinned} enabled at
 * a zero threshold: no virtual thread may pin its carrier while it waits for a load or a lock.
 */
class NoPinningTest {

  @Test
  void aStampedeOfVirtualThreadsNeverPins(@TempDir Path dir) throws Exception {
    initializeTheJdkClassesOfTheLoadPath();
    Cache<Integer, String> cache = CacheBuilder.newBuilder().capacity(1000).build();
    AtomicInteger loads = new AtomicInteger();
    Path file = dir.resolve("stampede.jfr");
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int i = 0; i < 10_000; i++) {
          int key = i % 100;
          threads.submit(
              () -> {
                cache.computeIfAbsent(
                    key,
                    k -> {
                      loads.incrementAndGet();
                      try {
                        Thread.sleep(20);
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                      return "v" + k;
                    });
                cache.put(key + 1000, "w"); // contended stripe locks park, too
              });
        }
      }
      recording.stop();
      recording.dump(file);
    }
    assertThat(Files.size(file)).isPositive();
    List<RecordedEvent> pinned =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
            .toList();
    assertThat(pinned).isEmpty();
    assertThat(loads).hasValue(100);
  }

  /**
   * A virtual thread that starts a load's virtual thread goes through JDK classes (such as {@code
   * ForkJoinTask.AdaptedRunnableAction}) that are initialized on first use; two threads racing to
   * initialize one contend on its class-initialization monitor, a one-time JDK pin that is not the
   * cache's. One small stampede before the recording initializes them.
   */
  private static void initializeTheJdkClassesOfTheLoadPath() {
    Cache<Integer, String> warmUp = CacheBuilder.newBuilder().capacity(100).build();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 100; i++) {
        int key = i % 10;
        threads.submit(() -> warmUp.computeIfAbsent(key, k -> "v" + k));
      }
    }
  }
}
