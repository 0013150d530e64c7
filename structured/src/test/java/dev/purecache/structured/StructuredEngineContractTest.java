package dev.purecache.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.LoadEngine;
import dev.purecache.LoadingContractTest;
import dev.purecache.Policy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loading contract against the {@code StructuredTaskScope} engine (this JVM runs with {@code
 * --enable-preview}).
 */
class StructuredEngineContractTest extends LoadingContractTest {
  private static final LoadEngine ENGINE = new StructuredTaskScopeEngine();

  @TempDir Path dumps;

  @Override
  protected LoadEngine engine() {
    return ENGINE;
  }

  /** Scope owners must end with their flights too: look for any thread naming the marker. */
  @Override
  protected void assertEngineLeftNoThreads(String marker) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    for (int attempt = 0; ; attempt++) {
      List<String> left =
          ThreadDumps.allThreadNames(ThreadDumps.dump(dumps.resolve("dump-" + attempt + ".json")))
              .stream()
              .filter(n -> n.startsWith("purecache-") && n.contains(marker))
              .toList();
      if (left.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        assertThat(left).as("engine threads outliving their flights").isEmpty();
      }
      // scope owners finish closing right after their last loader: give them a moment
      Thread.sleep(10);
    }
  }

  @Test
  void isTheDefaultEngineWhenPreviewIsEnabled() {
    assertEquals(StructuredTaskScopeEngine.NAME, LoadEngine.defaultEngine().name());
    assertThat(LoadEngine.defaultEngine()).isInstanceOf(StructuredTaskScopeEngine.class);
    Cache<String, String> cache =
        CacheBuilder.newBuilder().policy(Policy.LRU).capacity(10).build();
    assertThat(cache.toString()).contains("engine=structured-task-scope");
    assertEquals("v", cache.computeIfAbsent("k", k -> "v"));
  }

  @Test
  void isUsableHere() {
    assertThat(ENGINE.isUsable()).isTrue();
    assertThat(Files.isDirectory(dumps)).isTrue();
  }
}
