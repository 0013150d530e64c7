package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Expire after access: each read or write restarts an entry's time to live, on a manual ticker. */
class ExpireAfterAccessTest {
  private static final Duration ACCESS = Duration.ofMillis(100);

  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, String> recorder = new RemovalRecorder<>();

  private Cache<String, String> cache(int capacity) {
    return CacheBuilder.newBuilder()
        .capacity(capacity)
        .expireAfterAccess(ACCESS)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  @Test
  void aReadRestartsTheTimeToLiveAndTheEntryExpiresExactlyAtItsDeadline() {
    Cache<String, String> cache = cache(10);
    cache.put("a", "1");
    ticker.advance(ACCESS.minusNanos(1));
    assertThat(cache.get("a")).isEqualTo("1"); // restarts: live until 2 * ACCESS - 1 from the put
    ticker.advance(ACCESS.minusNanos(1));
    assertThat(cache.get("a")).isEqualTo("1");
    ticker.advance(ACCESS.minusNanos(1));
    assertThat(cache.containsKey("a")).isTrue();
    ticker.advanceNanos(1); // exactly ACCESS after the last read
    assertThat(cache.get("a")).isNull();
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.size()).isZero();
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", "1", RemovalCause.EXPIRED));
  }

  @Test
  void aWriteRestartsItButContainsKeyDoesNot() {
    Cache<String, String> cache = cache(10);
    cache.put("a", "1");
    cache.put("b", "1");
    ticker.advance(ACCESS.minusMillis(10));
    cache.put("a", "2");
    assertThat(cache.containsKey("b")).isTrue(); // not a use
    ticker.advance(Duration.ofMillis(10));
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo("2");
    cache.cleanUp();
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", "1", RemovalCause.REPLACED),
            new Removal<>("b", "1", RemovalCause.EXPIRED));
  }

  @Test
  void aFullCacheReclaimsExpiredEntriesFirstThenEvictsTheLeastRecentlyUsed() {
    Cache<String, String> cache = cache(3);
    cache.put("a", "1");
    cache.put("b", "1");
    ticker.advance(ACCESS.dividedBy(2));
    cache.put("c", "1");
    assertThat(cache.get("a")).isEqualTo("1"); // order of use: b, c, a
    cache.put("d", "1"); // full: b, the least recently used, goes
    assertThat(recorder.drain()).containsExactly(new Removal<>("b", "1", RemovalCause.SIZE));
    ticker.advance(ACCESS.dividedBy(2)); // c and a were used half a duration ago or less: live
    cache.put("e", "1"); // full again: c goes
    assertThat(recorder.drain()).containsExactly(new Removal<>("c", "1", RemovalCause.SIZE));
    ticker.advance(ACCESS.dividedBy(2)); // a and d (used at 1/2) have expired, e has not
    cache.put("f", "1");
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", "1", RemovalCause.EXPIRED),
            new Removal<>("d", "1", RemovalCause.EXPIRED));
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void withoutACapacityTheCacheIsAnUnboundedLruCache() {
    Cache<Integer, Integer> cache =
        CacheBuilder.newBuilder().expireAfterAccess(ACCESS).ticker(ticker).build();
    for (int i = 0; i < 10_000; i++) {
      cache.put(i, i);
    }
    assertThat(cache.size()).isEqualTo(10_000);
    CacheInfo info = cache.info();
    assertThat(info.policy()).isEqualTo(Policy.LRU);
    assertThat(info.capacity()).isEmpty();
    assertThat(info.expireAfterAccess()).contains(ACCESS);
    assertThat(info.ttl()).isEmpty();
    assertThat(info.perEntryExpiry()).isFalse();
    assertThat(info.toString()).contains("expireAfterAccess=PT0.1S");
    ticker.advance(ACCESS);
    assertThat(cache.size()).isZero();
  }

  @Test
  void aWeightedCacheExpiresAfterAccessToo() {
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .maximumWeight(10)
            .weigher((String k, String v) -> v.length())
            .expireAfterAccess(ACCESS)
            .ticker(ticker)
            .removalListener(recorder)
            .build();
    cache.put("a", "12345");
    cache.put("b", "123");
    ticker.advance(ACCESS.dividedBy(2));
    cache.get("a");
    cache.put("c", "123"); // 11 > 10: b, the least recently used, goes for size
    ticker.advance(ACCESS.dividedBy(2)); // a read at 1/2: live; c written at 1/2: live
    assertThat(cache.get("a")).isEqualTo("12345");
    ticker.advance(ACCESS);
    cache.cleanUp();
    assertThat(recorder.drain())
        .containsExactlyInAnyOrder(
            new Removal<>("b", "123", RemovalCause.SIZE),
            new Removal<>("a", "12345", RemovalCause.EXPIRED),
            new Removal<>("c", "123", RemovalCause.EXPIRED));
  }

  @Test
  void aLoadingCacheLoadsAnExpiredEntryAgainAndRefreshesAStaleOne() {
    AtomicInteger loads = new AtomicInteger();
    LoadingCache<String, String> cache =
        CacheBuilder.newBuilder()
            .capacity(10)
            .expireAfterAccess(ACCESS)
            .refreshAfterWrite(ACCESS.dividedBy(2))
            .ticker(ticker)
            .loadEngine(LoadEngine.virtualThreads())
            .build(key -> key + loads.incrementAndGet());
    assertThat(cache.get("k")).isEqualTo("k1");
    ticker.advance(Duration.ofMillis(40));
    assertThat(cache.get("k")).isEqualTo("k1"); // a hit restarts the time to live
    ticker.advance(Duration.ofMillis(40));
    assertThat(cache.get("k")).as("stale: returned at once, refreshed behind").isEqualTo("k1");
    Awaits.until("the refresh stored", () -> "k2".equals(cache.asMap().get("k")));
    ticker.advance(ACCESS); // the refresh's write restarted it: expired now
    assertThat(cache.get("k")).as("expired: loaded, not refreshed").isEqualTo("k3");
    assertThat(cache.info().refreshAfterWrite()).contains(ACCESS.dividedBy(2));
  }

  @Test
  void promptExpiryReportsAnEntryAtItsDeadlineWithoutAnyReadOrWrite() throws Exception {
    PromptExpiryTest.HandSleeper sleeper = new PromptExpiryTest.HandSleeper();
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .capacity(10)
            .expireAfterAccess(ACCESS)
            .ticker(ticker)
            .promptExpiry(sleeper)
            .removalListener(recorder)
            .build();
    try {
      sleeper.nextSleep(); // its first look, at an empty cache
      cache.put("a", "1");
      ticker.advance(ACCESS.dividedBy(2));
      cache.get("a"); // restarts: deadline at 3/2
      sleeper.wakeUps.release();
      assertThat(sleeper.nextSleep()).isEqualTo(ACCESS.toNanos()); // from 1/2 to 3/2
      ticker.advance(ACCESS.minusNanos(1));
      sleeper.wakeUps.release();
      assertThat(sleeper.nextSleep()).isEqualTo(1);
      assertThat(recorder.removals).isEmpty();
      ticker.advanceNanos(1);
      sleeper.wakeUps.release();
      sleeper.nextSleep();
      assertThat(recorder.drain()).containsExactly(new Removal<>("a", "1", RemovalCause.EXPIRED));
    } finally {
      sleeper.thread.interrupt();
      sleeper.thread.join(Duration.ofSeconds(10));
    }
    assertThat(sleeper.thread.isAlive()).isFalse();
  }

  @Test
  void badSettingsAreRejectedNamingWhatWasWrong() {
    assertThatThrownBy(() -> CacheBuilder.newBuilder().expireAfterAccess(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expireAfterAccess");
    for (Duration bad : List.of(Duration.ZERO, Duration.ofMillis(-1))) {
      assertThatThrownBy(() -> CacheBuilder.newBuilder().expireAfterAccess(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("expireAfterAccess must be positive");
    }
    assertThatThrownBy(
            () ->
                CacheBuilder.newBuilder()
                    .capacity(10)
                    .ttl(ACCESS)
                    .expireAfterAccess(ACCESS)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ttl and expireAfterAccess exclude each other: set only one of them");
    for (Policy policy : List.of(Policy.ADAPTIVE, Policy.LFU, Policy.TTL, Policy.LRU_TTL)) {
      assertThatThrownBy(
              () ->
                  CacheBuilder.newBuilder()
                      .policy(policy)
                      .capacity(10)
                      .expireAfterAccess(ACCESS)
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(policy + " does not support expireAfterAccess; use Policy.LRU (the default with it)");
    }
    assertThat(Optional.of(cache(1).info().policy())).contains(Policy.LRU);
  }
}
