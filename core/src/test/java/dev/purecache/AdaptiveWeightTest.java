package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The ADAPTIVE policy bounded by weight: the default policy of a cache with a weigher. */
class AdaptiveWeightTest {
  /** A value's weight: its length. */
  private static final Weigher<Integer, String> LENGTH = (k, v) -> v.length();

  private static Cache<Integer, String> weighted(long maximum, List<Removal<Integer, String>> out) {
    return CacheBuilder.newBuilder()
        .maximumWeight(maximum)
        .weigher(LENGTH)
        .removalListener((Integer k, String v, RemovalCause c) -> out.add(new Removal<>(k, v, c)))
        .build();
  }

  /**
   * With every entry of weight 1, a weighted ADAPTIVE cache is the ADAPTIVE cache of that capacity:
   * the same operations make the same hits and the same evictions.
   */
  @Test
  void withUnitWeightsItHitsAndEvictsExactlyAsTheCountedPolicy() {
    for (long seed = 1; seed <= 4; seed++) {
      List<Removal<Integer, String>> weightedRemovals = new ArrayList<>();
      List<Removal<Integer, String>> countedRemovals = new ArrayList<>();
      Cache<Integer, String> weighted = weighted(300, weightedRemovals);
      Cache<Integer, String> counted =
          CacheBuilder.newBuilder()
              .capacity(300)
              .removalListener(
                  (Integer k, String v, RemovalCause c) -> countedRemovals.add(new Removal<>(k, v, c)))
              .build();
      assertThat(counted.info().stripes()).isEqualTo(weighted.info().stripes()).isEqualTo(1);
      SplittableRandom random = new SplittableRandom(seed);
      int differences = 0;
      for (int i = 0; i < 100_000; i++) {
        int key = random.nextInt(3) == 0 ? random.nextInt(3_000) : random.nextInt(400);
        String found = weighted.get(key);
        if (!Objects.equals(found, counted.get(key))) {
          differences++;
        }
        if (found == null || random.nextInt(10) == 0) {
          String value = Character.toString('a' + random.nextInt(26));
          weighted.put(key, value);
          counted.put(key, value);
        }
      }
      assertThat(differences).isZero();
      assertThat(weightedRemovals).hasSizeGreaterThan(10_000).isEqualTo(countedRemovals);
    }
  }

  /**
   * Under random puts, overwrites that change weights, reads and removals, the cache never holds
   * more than its maximum weight, never keeps an entry heavier than it, and never evicts an entry
   * of weight 0 for size.
   */
  @Test
  void theTotalWeightNeverExceedsTheMaximumAndWeightZeroIsNeverEvicted() {
    for (long seed = 1; seed <= 4; seed++) {
      List<Removal<Integer, String>> removals = new ArrayList<>();
      Cache<Integer, String> cache = weighted(200, removals);
      SplittableRandom random = new SplittableRandom(seed);
      for (int i = 0; i < 20_000; i++) {
        int key = random.nextInt(500);
        int op = random.nextInt(10);
        if (op < 5) {
          int length = random.nextInt(20) == 0 ? 0 : random.nextInt(30) == 0 ? 250 : random.nextInt(1, 25);
          cache.put(key, "x".repeat(length));
        } else if (op < 9) {
          cache.get(key);
        } else {
          cache.remove(key);
        }
        long total = 0;
        for (Map.Entry<Integer, String> e : cache.asMap().entrySet()) {
          total += e.getValue().length();
          assertThat(e.getValue().length()).isLessThanOrEqualTo(200);
        }
        assertThat(total).isLessThanOrEqualTo(200);
      }
      assertThat(removals)
          .filteredOn(r -> r.cause() == RemovalCause.SIZE)
          .isNotEmpty()
          .allSatisfy(r -> assertThat(r.value()).isNotEmpty());
    }
  }

  /**
   * Weighted, it still resists a loop larger than the cache, where LRU (weighted the same) keeps
   * nothing it will use again; and it holds more entries than its tables were first sized for.
   */
  @Test
  void weighedByLengthItStillBeatsLruOnALoopLargerThanTheCache() {
    Cache<Integer, String> adaptive = weighted(6_000, new ArrayList<>());
    Cache<Integer, String> lru =
        CacheBuilder.newBuilder().policy(Policy.LRU).maximumWeight(6_000).weigher(LENGTH).build();
    long adaptiveHits = 0;
    long lruHits = 0;
    for (int round = 0; round < 40; round++) {
      for (int key = 0; key < 3_300; key++) { // 6,600 units of weight: 1 or 3 each, 2 on average
        String value = key % 2 == 0 ? "v" : "vvv";
        if (adaptive.get(key) != null) {
          adaptiveHits++;
        } else {
          adaptive.put(key, value);
        }
        if (lru.get(key) != null) {
          lruHits++;
        } else {
          lru.put(key, value);
        }
      }
    }
    assertThat(lruHits).isZero();
    assertThat(adaptiveHits).isGreaterThan(40L * 3_300 / 2); // over half of every round
    assertThat(adaptive.size()).isGreaterThan(1_024);
  }

  @Test
  void worksWithATtl() {
    ManualTicker ticker = new ManualTicker();
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder()
            .maximumWeight(10)
            .weigher(LENGTH)
            .ttl(Duration.ofSeconds(1))
            .ticker(ticker)
            .build();
    cache.put(1, "aaaa");
    cache.put(2, "bbbb");
    ticker.advance(Duration.ofSeconds(1));
    cache.put(3, "cccccc"); // the expired entries make room: nothing live is evicted
    assertThat(cache.info().policy()).isEqualTo(Policy.ADAPTIVE);
    assertThat(cache.get(3)).isEqualTo("cccccc");
    assertThat(cache.size()).isEqualTo(1);
  }
}
