package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Refresh after write in a cache bounded by weight: a reload's value is weighed (on the loading
 * thread, before the lock) and replaces the entry with its new weight, so a heavier value evicts
 * others and one heavier than the maximum is evicted at once, as a put's would be.
 */
class WeightedRefreshTest {
  private static final Duration REFRESH = Duration.ofSeconds(1);

  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, String> recorder = new RemovalRecorder<>();
  /** What the loader returns for each key: the test changes it between loads. */
  private final Map<String, String> source = new ConcurrentHashMap<>();

  private LoadingCache<String, String> cache(Policy policy) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().policy(policy);
    if (policy == Policy.LRU_TTL) {
      builder.ttl(Duration.ofHours(1));
    }
    return builder
        .maximumWeight(10)
        .weigher((String k, String v) -> v.length())
        .refreshAfterWrite(REFRESH)
        .ticker(ticker)
        .removalListener(recorder)
        .loadEngine(LoadEngine.virtualThreads())
        .build(source::get);
  }

  /** Reads {@code key} once it is stale and waits until the refresh stored {@code expected}. */
  private void refresh(LoadingCache<String, String> cache, String key, String expected) {
    cache.get(key);
    Awaits.until("the refresh of " + key, () -> expected.equals(cache.asMap().get(key)));
  }

  @ParameterizedTest
  @EnumSource(names = {"LRU", "LRU_TTL"})
  void aHeavierReloadEvictsTheLeastRecentlyUsedAndALighterOneFreesRoom(Policy policy) {
    LoadingCache<String, String> cache = cache(policy);
    source.put("a", "aaa");
    source.put("b", "bbb");
    source.put("c", "ccc");
    cache.get("a");
    cache.get("b");
    cache.get("c"); // weight 9
    ticker.advance(REFRESH);
    source.put("c", "cccccc"); // 3 + 3 + 6: a, the least recently used, goes
    refresh(cache, "c", "cccccc");
    Awaits.until("the listener heard", () -> recorder.removals.size() == 2);
    assertThat(recorder.drain())
        .containsExactlyInAnyOrder(
            new Removal<>("c", "ccc", RemovalCause.REPLACED),
            new Removal<>("a", "aaa", RemovalCause.SIZE));
    assertThat(cache.asMap().keySet()).containsExactlyInAnyOrder("b", "c");
    ticker.advance(REFRESH);
    source.put("c", "c"); // 3 + 1: room for a 6 again
    refresh(cache, "c", "c");
    source.put("d", "dddddd");
    cache.get("d");
    Awaits.until("the listener heard", () -> recorder.removals.size() == 1);
    assertThat(recorder.drain()).containsExactly(new Removal<>("c", "cccccc", RemovalCause.REPLACED));
    assertThat(cache.asMap().keySet()).containsExactlyInAnyOrder("b", "c", "d");
  }

  @Test
  void aReloadHeavierThanTheMaximumIsEvictedAtOnceAndNothingElseIs() {
    LoadingCache<String, String> cache = cache(Policy.LRU);
    source.put("a", "aaa");
    source.put("b", "bbb");
    cache.get("a");
    cache.get("b");
    ticker.advance(REFRESH);
    source.put("b", "bbbbbbbbbbb"); // 11 > 10
    cache.get("b");
    Awaits.until("the listener heard", () -> recorder.removals.size() == 2);
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("b", "bbb", RemovalCause.REPLACED),
            new Removal<>("b", "bbbbbbbbbbb", RemovalCause.SIZE));
    assertThat(cache.asMap().keySet()).containsExactly("a");
    assertThat(cache.info().refreshAfterWrite()).contains(REFRESH);
  }
}
