package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TtlCacheTest {
  private static final Duration TTL = Duration.ofSeconds(10);
  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();

  private Cache<String, Integer> ttl() {
    return CacheBuilder.newBuilder()
        .policy(Policy.TTL)
        .ttl(TTL)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  private Cache<String, Integer> ttl(int capacity) {
    return CacheBuilder.newBuilder()
        .policy(Policy.TTL)
        .capacity(capacity)
        .ttl(TTL)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  @Test
  void visibleJustBeforeDeadlineAndNeverAtIt() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advanceNanos(TTL.toNanos() - 1);
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.containsKey("a")).isTrue();
    assertThat(cache.size()).isEqualTo(1);
    ticker.advanceNanos(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.size()).isZero();
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
  }

  @Test
  void readDoesNotExtend() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(cache.get("a")).isEqualTo(1);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void overwriteRestartsTheClock() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(9));
    cache.put("a", 2);
    ticker.advance(Duration.ofSeconds(9));
    assertThat(cache.get("a")).isEqualTo(2);
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.get("a")).isNull();
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.REPLACED));
  }

  @Test
  void putOverExpiredEntryReportsExpiredNotReplaced() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advance(TTL);
    cache.put("a", 2);
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
    assertThat(cache.get("a")).isEqualTo(2);
  }

  @Test
  void boundedAndFullEvictsOldestWrite() {
    Cache<String, Integer> cache = ttl(2);
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    ticker.advance(Duration.ofSeconds(1));
    cache.get("a"); // reads do not matter for TTL
    cache.put("c", 3);
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.SIZE));
  }

  @Test
  void writesReclaimDeadEntriesSoAnUnboundedCacheDoesNotGrow() {
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.TTL)
            .ttl(TTL)
            .stripes(1)
            .ticker(ticker)
            .removalListener(recorder)
            .build();
    for (int i = 0; i < 10_000; i++) {
      ticker.advance(Duration.ofMillis(10)); // 1,000 writes per ttl
      cache.put("k" + i, i);
    }
    // everything written more than one ttl ago was reclaimed by later writes, without size()
    assertThat(recorder.keys(RemovalCause.EXPIRED)).hasSize(10_000 - 1000);
    assertThat(cache.size()).isEqualTo(1000);
  }

  @Test
  void cleanUpReclaimsNow() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    cache.put("b", 2);
    ticker.advance(TTL);
    cache.cleanUp();
    assertThat(recorder.keys(RemovalCause.EXPIRED)).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  void removeOfExpiredReturnsNull() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advance(TTL);
    assertThat(cache.remove("a")).isNull();
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
  }

  @Test
  void expiredEntryIsLoadedAgain() {
    Cache<String, Integer> cache = ttl();
    cache.put("a", 1);
    ticker.advance(TTL);
    assertThat(cache.computeIfAbsent("a", k -> 2)).isEqualTo(2);
    assertThat(cache.get("a")).isEqualTo(2);
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
  }

  @Test
  void constructorsValidate() {
    assertThat(new TtlCache<String, String>(TTL).info().policy()).isEqualTo(Policy.TTL);
    assertThat(new TtlCache<String, String>(5, TTL).toString())
        .isEqualTo(
            "TtlCache[policy=TTL, capacity=5, ttl=PT10S, stripes=1, engine=virtual-threads]");
  }
}
