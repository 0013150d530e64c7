package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ListenerAndStatsTest {

  @Test
  void eachRemovalIsReportedOnceWithItsCause() {
    ManualTicker ticker = new ManualTicker();
    RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL) // its victim is the least recently used: a
            .capacity(2)
            .ttl(Duration.ofSeconds(1))
            .ticker(ticker)
            .removalListener(recorder)
            .build();
    cache.put("a", 1);
    cache.put("a", 2); // REPLACED
    cache.put("b", 3);
    cache.put("c", 4); // SIZE: a
    cache.remove("b"); // EXPLICIT
    ticker.advance(Duration.ofSeconds(1));
    cache.cleanUp(); // EXPIRED: c
    cache.put("d", 5);
    cache.clear(); // EXPLICIT: d
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.REPLACED),
            new Removal<>("a", 2, RemovalCause.SIZE),
            new Removal<>("b", 3, RemovalCause.EXPLICIT),
            new Removal<>("c", 4, RemovalCause.EXPIRED),
            new Removal<>("d", 5, RemovalCause.EXPLICIT));
  }

  @Test
  void theListenerRunsWithNoLockHeldAndMayCallTheCache() {
    Cache<String, Integer>[] self = new Cache[1];
    List<String> seen = new ArrayList<>();
    self[0] =
        CacheBuilder.newBuilder()
            .capacity(1)
            .removalListener(
                (String k, Integer v, RemovalCause cause) -> {
                  seen.add("b=" + self[0].get("b"));
                  // size() takes every stripe lock: from another thread it could not finish
                  // while this thread held one
                  try {
                    seen.add("size=" + CompletableFuture.supplyAsync(self[0]::size)
                        .get(Awaits.PATIENCE_SECONDS, TimeUnit.SECONDS));
                  } catch (TimeoutException e) {
                    seen.add("another thread waited for a lock held by the listener's thread");
                  } catch (InterruptedException | ExecutionException e) {
                    seen.add(e.toString());
                  }
                })
            .build();
    self[0].put("a", 1);
    self[0].put("b", 2);
    assertThat(seen).containsExactly("b=2", "size=1");
  }

  @Test
  void statisticsCountHitsMissesLoadsAndEvictions() {
    Cache<String, Integer> cache = CacheBuilder.newBuilder().capacity(1).recordStats().build();
    cache.put("a", 1);
    cache.get("a");
    cache.get("x");
    cache.computeIfAbsent("b", k -> 2); // miss + load, evicts a
    cache.computeIfAbsent("b", k -> 3); // hit
    try {
      cache.computeIfAbsent("c", k -> {
        throw new IllegalStateException();
      });
    } catch (IllegalStateException expected) {
      // counted as a failed load
    }
    CacheStats stats = cache.stats();
    assertThat(stats.hitCount()).isEqualTo(2);
    assertThat(stats.missCount()).isEqualTo(3);
    assertThat(stats.loadSuccessCount()).isEqualTo(1);
    assertThat(stats.loadFailureCount()).isEqualTo(1);
    assertThat(stats.evictionCount()).isEqualTo(1);
    assertThat(stats.totalLoadTime()).isPositive();
    assertThat(stats.hitRate()).isEqualTo(0.4);
    assertThat(stats.loadFailureRate()).isEqualTo(0.5);
  }

  @Test
  void statisticsAreOffByDefault() {
    Cache<String, Integer> cache = new LruCache<>(4);
    cache.put("a", 1);
    cache.get("a");
    assertThat(cache.stats()).isEqualTo(CacheStats.EMPTY);
    assertThat(CacheStats.EMPTY.hitRate()).isEqualTo(1.0);
  }

  @Test
  void theModuleExportsOnlyThePublicApi() throws Exception {
    Path classes = Path.of(Cache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
      ModuleDescriptor descriptor = ModuleDescriptor.read(in);
      assertThat(descriptor.name()).isEqualTo("dev.purecache");
      assertThat(descriptor.exports())
          .extracting(ModuleDescriptor.Exports::source)
          .containsExactlyInAnyOrder("dev.purecache", "dev.purecache.memo");
      assertThat(descriptor.requires())
          .extracting(ModuleDescriptor.Requires::name)
          .containsExactlyInAnyOrder("java.base", "jdk.jfr");
    }
  }
}
