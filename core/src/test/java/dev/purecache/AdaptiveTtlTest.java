package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ADAPTIVE policy with a time to live: expiry after write, on top of the same admission. */
class AdaptiveTtlTest {
  private static final Duration TTL = Duration.ofSeconds(10);
  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();

  private Cache<String, Integer> cache(int capacity) {
    return CacheBuilder.newBuilder()
        .capacity(capacity)
        .ttl(TTL)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  @Test
  void isTheDefaultPolicyWithATtl() {
    assertThat(cache(10).info().policy()).isEqualTo(Policy.ADAPTIVE);
    assertThat(cache(10).info().ttl()).contains(TTL);
  }

  @Test
  void anEntryIsLiveUntilItsDeadlineAndAMissFromItOn() {
    Cache<String, Integer> cache = cache(10);
    cache.put("a", 1);
    ticker.advance(TTL.minusNanos(1));
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.containsKey("a")).isTrue();
    ticker.advanceNanos(1);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.computeIfAbsent("a", k -> 2)).isEqualTo(2); // expired: loaded, not returned
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
  }

  @Test
  void aPutOfALiveKeyRestartsItsTimeToLive() {
    Cache<String, Integer> cache = cache(10);
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("a", 3); // deadline now 12 s, after b's 11 s
    ticker.advance(Duration.ofSeconds(9)); // 11 s
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(3);
    ticker.advance(Duration.ofSeconds(1)); // 12 s
    assertThat(cache.get("a")).isNull();
    cache.cleanUp();
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", 1, RemovalCause.REPLACED),
            new Removal<>("b", 2, RemovalCause.EXPIRED),
            new Removal<>("a", 3, RemovalCause.EXPIRED));
    assertThat(cache.size()).isZero();
  }

  @Test
  void cleanUpReclaimsExpiredEntriesOldestFirstAndAFullCacheReclaimsBeforeItEvicts() {
    Cache<String, Integer> cache = cache(3);
    cache.put("a", 1);
    ticker.advance(Duration.ofSeconds(1));
    cache.put("b", 2);
    cache.put("c", 3);
    ticker.advance(Duration.ofSeconds(9)); // a expired; b and c live for 1 s more
    cache.put("d", 4); // full: the expired entry makes room, nothing live is evicted
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPIRED));
    assertThat(cache.size()).isEqualTo(3);
    ticker.advance(Duration.ofSeconds(1));
    cache.cleanUp();
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("b", 2, RemovalCause.EXPIRED),
            new Removal<>("c", 3, RemovalCause.EXPIRED));
    assertThat(cache.get("d")).isEqualTo(4);
  }

  /**
   * While nothing reaches its deadline, a time to live changes no decision of the policy: the
   * same operations make the same hits and the same evictions with and without one.
   */
  @Test
  void withoutExpiriesItHitsAndEvictsExactlyAsWithoutATtl() {
    for (long seed = 1; seed <= 4; seed++) {
      List<Removal<Integer, Integer>> timedRemovals = new ArrayList<>(); // one thread: no copies
      List<Removal<Integer, Integer>> plainRemovals = new ArrayList<>();
      Cache<Integer, Integer> timed =
          CacheBuilder.newBuilder()
              .capacity(200)
              .stripes(1)
              .ttl(Duration.ofDays(365))
              .ticker(ticker)
              .removalListener(
                  (Integer k, Integer v, RemovalCause c) -> timedRemovals.add(new Removal<>(k, v, c)))
              .build();
      Cache<Integer, Integer> plain =
          CacheBuilder.newBuilder()
              .capacity(200)
              .stripes(1)
              .removalListener(
                  (Integer k, Integer v, RemovalCause c) -> plainRemovals.add(new Removal<>(k, v, c)))
              .build();
      SplittableRandom random = new SplittableRandom(seed);
      int hits = 0;
      int differences = 0;
      for (int i = 0; i < 100_000; i++) {
        int key = random.nextInt(4) == 0 ? random.nextInt(2_000) : random.nextInt(300);
        ticker.advanceNanos(1_000);
        Integer fromTimed = timed.get(key);
        if (!Objects.equals(fromTimed, plain.get(key))) {
          differences++;
        }
        if (fromTimed == null || random.nextInt(10) == 0) {
          timed.put(key, i);
          plain.put(key, i);
        } else {
          hits++;
        }
      }
      assertThat(differences).isZero();
      assertThat(timedRemovals).hasSizeGreaterThan(10_000).isEqualTo(plainRemovals);
      assertThat(hits).isGreaterThan(10_000);
    }
  }
}
