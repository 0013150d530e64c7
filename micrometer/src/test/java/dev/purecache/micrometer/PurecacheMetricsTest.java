package dev.purecache.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.LfuCache;
import dev.purecache.LruCache;
import dev.purecache.Policy;
import dev.purecache.TtlCache;
import dev.purecache.Ticker;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Every meter of {@link PurecacheMetrics} after a scripted workload with a known outcome. */
class PurecacheMetricsTest {

  /** A ticker the test moves by hand. */
  private static final class ManualTicker implements Ticker {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @Override
    public long read() {
      return nanos.get();
    }

    void advance(Duration d) {
      nanos.addAndGet(d.toNanos());
    }
  }

  private static double counter(MeterRegistry registry, String name, String... tags) {
    return registry.get(name).tags(tags).functionCounter().count();
  }

  @Test
  void everyMeterMatchesAScriptedWorkload() {
    ManualTicker ticker = new ManualTicker();
    RemovalCounter<String, String> removals = RemovalCounter.create();
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .capacity(3)
            .ttl(Duration.ofSeconds(10))
            .ticker(ticker)
            .removalListener(removals)
            .recordStats()
            .build();
    MeterRegistry registry = new SimpleMeterRegistry();
    PurecacheMetrics.monitor(registry, cache, removals, "users", "region", "eu");
    // the binder object is garbage now: the meters must not depend on it staying reachable
    System.gc();

    cache.put("a", "1");
    cache.put("b", "2");
    cache.put("c", "3");
    cache.get("a"); // hit; b is now least recently used
    cache.get("z"); // miss
    cache.put("d", "4"); // evicts b (SIZE)
    cache.put("a", "1'"); // REPLACED
    cache.remove("c"); // EXPLICIT
    cache.computeIfAbsent("e", k -> "5"); // miss, load success
    assertThatThrownBy(
            () ->
                cache.computeIfAbsent(
                    "f",
                    k -> {
                      throw new IllegalStateException("down");
                    }))
        .isInstanceOf(IllegalStateException.class); // miss, load failure
    cache.computeIfAbsent("e", k -> "never"); // hit
    ticker.advance(Duration.ofSeconds(5));
    cache.put("g", "6"); // full (a, d, e): evicts the least recently used, a (SIZE)
    ticker.advance(Duration.ofSeconds(5));
    cache.cleanUp(); // d and e expire (EXPIRED x2); g has 5 s left

    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1.0);
    assertThat(counter(registry, "cache.gets", "result", "hit")).isEqualTo(2.0);
    assertThat(counter(registry, "cache.gets", "result", "miss")).isEqualTo(3.0);
    assertThat(counter(registry, "cache.evictions")).isEqualTo(4.0);
    assertThat(counter(registry, "cache.load", "result", "success")).isEqualTo(1.0);
    assertThat(counter(registry, "cache.load", "result", "failure")).isEqualTo(1.0);
    assertThat(counter(registry, "cache.removals", "cause", "size")).isEqualTo(2.0);
    assertThat(counter(registry, "cache.removals", "cause", "expired")).isEqualTo(2.0);
    assertThat(counter(registry, "cache.removals", "cause", "explicit")).isEqualTo(1.0);
    assertThat(counter(registry, "cache.removals", "cause", "replaced")).isEqualTo(1.0);
    FunctionTimer loadTime = registry.get("cache.load.duration").functionTimer();
    assertThat(loadTime.count()).isEqualTo(2.0);
    // Micrometer keeps the total in its base unit (seconds): back in nanoseconds it may differ
    // from the count by double rounding, never by a whole nanosecond.
    assertThat(loadTime.totalTime(TimeUnit.NANOSECONDS))
        .isPositive()
        .isCloseTo((double) cache.stats().totalLoadTime(), within(0.5));

    // 1 gauge + 2 gets + 1 evictions + 2 load + 1 timer + 4 removals, all with the same tags
    assertThat(registry.getMeters()).hasSize(11);
    for (Meter meter : registry.getMeters()) {
      assertThat(meter.getId().getTag("cache")).isEqualTo("users");
      assertThat(meter.getId().getTag("policy")).isEqualTo("LRU_TTL");
      assertThat(meter.getId().getTag("region")).isEqualTo("eu");
    }
  }

  @Test
  void withoutARemovalCounterThereAreNoRemovalMeters() {
    Cache<Integer, Integer> cache = CacheBuilder.newBuilder().capacity(1).recordStats().build();
    MeterRegistry registry = new SimpleMeterRegistry();
    new PurecacheMetrics(cache, "numbers", Tags.empty()).bindTo(registry);
    cache.put(1, 1);
    cache.put(2, 2); // evicts 1
    assertThat(registry.find("cache.removals").meters()).isEmpty();
    assertThat(counter(registry, "cache.evictions", "policy", "ADAPTIVE")).isEqualTo(1.0);
    assertThat(registry.get("cache.size").gauge().value()).isEqualTo(1.0);
    assertThat(registry.getMeters()).hasSize(7);
  }

  @Test
  void thePolicyTagNamesEachBackend() {
    assertThat(PurecacheMetrics.policyOf(CacheBuilder.newBuilder().capacity(2).build()))
        .isEqualTo("ADAPTIVE");
    assertThat(PurecacheMetrics.policyOf(new LruCache<>(2))).isEqualTo("LRU");
    assertThat(PurecacheMetrics.policyOf(new LfuCache<>(2))).isEqualTo("LFU");
    assertThat(PurecacheMetrics.policyOf(new TtlCache<>(Duration.ofSeconds(1)))).isEqualTo("TTL");
    assertThat(
            PurecacheMetrics.policyOf(
                CacheBuilder.newBuilder()
                    .policy(Policy.LRU_TTL)
                    .capacity(2)
                    .ttl(Duration.ofSeconds(1))
                    .build()))
        .isEqualTo("LRU_TTL");
  }

  @Test
  void aWrappingCounterPassesRemovalsOn() {
    StringBuilder seen = new StringBuilder();
    RemovalCounter<String, String> counter =
        RemovalCounter.wrapping((k, v, cause) -> seen.append(k).append('=').append(cause));
    Cache<String, String> cache =
        CacheBuilder.newBuilder().capacity(1).removalListener(counter).build();
    cache.put("a", "1");
    cache.put("b", "2");
    assertThat(seen).hasToString("a=SIZE");
    assertThat(counter.count(dev.purecache.RemovalCause.SIZE)).isEqualTo(1);
  }
}
