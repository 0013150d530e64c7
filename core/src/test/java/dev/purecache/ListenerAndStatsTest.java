package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.InputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ListenerAndStatsTest {

  @Test
  void eachRemovalIsReportedOnceWithItsCause() {
    ManualTicker ticker = new ManualTicker();
    RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
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
    boolean[] sawValue = {false};
    self[0] =
        CacheBuilder.newBuilder()
            .capacity(1)
            .removalListener(
                (String k, Integer v, RemovalCause cause) -> {
                  // a listener running under the stripe lock could not observe the new entry
                  // from another thread; from this one, it must see a consistent cache
                  sawValue[0] = self[0].get("b") != null;
                })
            .build();
    self[0].put("a", 1);
    self[0].put("b", 2);
    assertThat(sawValue[0]).isTrue();
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
    } catch (CacheLoadException expected) {
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
          .containsExactly("dev.purecache");
      assertThat(descriptor.requires())
          .extracting(ModuleDescriptor.Requires::name)
          .containsExactlyInAnyOrder("java.base", "jdk.jfr");
    }
  }
}
