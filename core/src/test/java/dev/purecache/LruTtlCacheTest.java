package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LruTtlCacheTest {
  private static final Duration TTL = Duration.ofMinutes(1);
  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();

  private Cache<String, Integer> cache(int capacity) {
    return CacheBuilder.newBuilder()
        .policy(Policy.LRU_TTL)
        .capacity(capacity)
        .ttl(TTL)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  @Test
  void fullCacheReclaimsExpiredBeforeEvictingLiveLeastRecentlyUsed() {
    Cache<String, Integer> cache = cache(3);
    cache.put("b", 2);
    cache.put("c", 3);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("a", 1); // written last
    cache.get("b");
    cache.get("c"); // access order: a (least recent), b, c
    ticker.advance(TTL.minusMillis(500)); // b and c expired, a live
    cache.put("d", 4);
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("b", 2, RemovalCause.EXPIRED),
            new Removal<>("c", 3, RemovalCause.EXPIRED));
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("d")).isEqualTo(4);
  }

  @Test
  void evictsLeastRecentlyUsedWhenNothingExpired() {
    Cache<String, Integer> cache = cache(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.get("a");
    cache.put("c", 3);
    assertThat(recorder.drain()).containsExactly(new Removal<>("b", 2, RemovalCause.SIZE));
  }

  @Test
  void expiryIsExactAtTheDeadline() {
    Cache<String, Integer> cache = cache(2);
    cache.put("a", 1);
    ticker.advanceNanos(TTL.toNanos() - 1);
    assertThat(cache.get("a")).isEqualTo(1);
    ticker.advanceNanos(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
  }

  @Test
  void readsDoNotExtendButDoRefreshRecency() {
    Cache<String, Integer> cache = cache(2);
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    cache.get("a");
    ticker.advance(TTL.minusSeconds(1)); // a expired, b live
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo(2);
  }
}
