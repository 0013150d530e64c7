package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ADAPTIVE policy through the public API of a one-stripe cache, against the plain sequential
 * model {@link AdaptiveReferenceModel}: on 100,000 random operations per seed (skewed, uniform and
 * looping lookups, a miss inserting the key, and removals), every hit, every eviction (key and
 * order) and every removal must match.
 */
class AdaptivePolicyTest {
  private static final int OPERATIONS = 100_000;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
  void matchesTheReferenceModelHitForHit(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int capacity = 1 + random.nextInt(seed % 4 == 0 ? 8 : 300);
    replayAgainstTheModel(random, capacity);
  }

  /** A stripe of more than 4,096 entries keeps its ghosts' ticks at half resolution. */
  @Test
  void matchesTheReferenceModelWithScaledGhostTicks() {
    assertThat(GhostTable.tickShift(4_096)).isZero();
    assertThat(GhostTable.tickShift(4_500)).isEqualTo(1);
    replayAgainstTheModel(new SplittableRandom(9), 4_500);
  }

  @Test
  void ghostTicksCoverEightTimesTheEntries() {
    for (int entries : new int[] {1, 2, 100, 4_096, 4_097, 100_000, 1 << 20, Integer.MAX_VALUE}) {
      int shift = GhostTable.tickShift(entries);
      assertThat((long) GhostTable.TICK_MASK + 1 << shift)
          .as("range of %d entries", entries)
          .isGreaterThanOrEqualTo(8L * entries);
      assertThat(shift == 0 || (long) GhostTable.TICK_MASK + 1 << shift - 1 < 8L * entries)
          .as("the least shift for %d entries", entries)
          .isTrue();
    }
  }

  private static void replayAgainstTheModel(SplittableRandom random, int capacity) {
    int keySpace = capacity + 1 + random.nextInt(4 * capacity + 16);
    List<Long> evicted = new ArrayList<>();
    Cache<Long, Long> cache =
        CacheBuilder.newBuilder()
            .capacity(capacity)
            .stripes(1)
            .removalListener(
                (Long k, Long v, RemovalCause cause) -> {
                  if (cause == RemovalCause.SIZE) {
                    evicted.add(k);
                  }
                })
            .build();
    assertThat(cache.info().policy()).as("the default policy").isEqualTo(Policy.ADAPTIVE);
    AdaptiveReferenceModel model = new AdaptiveReferenceModel(capacity, AdaptivePolicy.SEED);
    List<Long> modelEvicted = new ArrayList<>();
    long hits = 0;
    long loopPosition = 0;
    for (int op = 0; op < OPERATIONS; op++) {
      int kind = random.nextInt(100);
      long key;
      if (kind < 40) {
        key = (long) (keySpace * Math.pow(random.nextDouble(), 3)); // skewed
      } else if (kind < 70) {
        key = random.nextInt(keySpace);
      } else if (kind < 95) {
        key = loopPosition++ % (capacity + capacity / 4 + 1);
      } else {
        key = random.nextInt(keySpace);
        assertThat(cache.remove(key) != null)
            .as("remove %d at op %d", key, op)
            .isEqualTo(model.remove(key));
        continue;
      }
      boolean hit = cache.get(key) != null;
      if (!hit) {
        cache.put(key, key);
      }
      assertThat(hit).as("hit on %d at op %d", key, op).isEqualTo(model.access(key, modelEvicted));
      assertThat(evicted).as("evictions up to op %d", op).isEqualTo(modelEvicted);
      hits += hit ? 1 : 0;
    }
    assertThat(cache.size()).isEqualTo(model.size()).isLessThanOrEqualTo(capacity);
    assertThat(hits).as("the run exercises hits").isPositive();
    assertThat(evicted).as("the run exercises eviction").isNotEmpty();
  }

  @Test
  void aHotEntrysHitsStopWritingAtTheCap() {
    AdaptivePolicy<Long, Long> policy = new AdaptivePolicy<>(16);
    ClockNode<Long, Long> node = (ClockNode<Long, Long>) policy.newNode(1L, 1L, 0);
    policy.add(node);
    for (int i = 0; i < 10; i++) {
      policy.onHitWithoutLock(node);
    }
    assertThat(node.hits).isEqualTo((byte) AdaptivePolicy.HIT_CAP);
    policy.onHitWithoutLock(node);
    assertThat(node.hits).isEqualTo((byte) AdaptivePolicy.HIT_CAP);
  }

  @Test
  void aLoopingScanLargerThanTheCacheStillHits() {
    // exact LRU gets no hit at all on a loop one key longer than the cache
    Cache<Integer, Integer> cache = CacheBuilder.newBuilder().capacity(100).build();
    long hits = 0;
    for (int round = 0; round < 200; round++) {
      for (int key = 0; key < 101; key++) {
        if (cache.get(key) != null) {
          hits++;
        } else {
          cache.put(key, key);
        }
      }
    }
    assertThat(hits).isGreaterThan(200L * 101 / 2);
    assertThat(cache.size()).isEqualTo(100);
  }

  /**
   * On a loop a quarter longer than the cache no policy can hit more than the cache holds, one
   * round after another; the window's target must stay small for the policy to come close.
   * Window ghosts that counted for half the capacity grew the window here, and the policy hit
   * only about 81% of what it held per round.
   */
  @ParameterizedTest
  @CsvSource({"100, 127", "400, 500", "794, 1011"})
  void aLoopAQuarterLongerThanTheCacheHitsNearlyAllItHolds(int capacity, int loop) {
    int rounds = 200;
    long hits = hitsInLaterPasses(capacity, rounds, loop, (round, i) -> i);
    assertThat(hits).isGreaterThan((long) rounds * capacity * 9 / 10);
  }

  /**
   * From a cold start, a scan back and forth over a few more keys than the cache holds: its first
   * pass leaves the main space full of keys seen once, and the keys its second pass meets first
   * are the ones the first pass could not keep, each now one sketch count ahead of every main
   * key. A new stripe's trial record is below 0, so the main keys keep their place and the second
   * pass hits on nearly all of them, as a fixed set would.
   */
  @ParameterizedTest
  @CsvSource({"100, 127", "400, 500", "1000, 1300"})
  void aScanBackAndForthHitsFromItsSecondPassOn(int capacity, int keys) {
    assertThat(new AdaptivePolicy<>(capacity).trialRecord()).isNegative();
    long secondPassHits = hitsInLaterPasses(capacity, 1, keys, backAndForth(keys));
    assertThat(secondPassHits).isGreaterThan(capacity * 9L / 10);
  }

  /**
   * On a loop a little longer than the cache, main keys keep coming back soon after their
   * eviction: the window shrinks to one entry, then admission turns strict, and window ghosts turn
   * it back to normal; the model follows the same steps.
   */
  @Test
  void atTheSmallestWindowMainGhostsMakeAdmissionStrict() {
    int capacity = 1_000;
    Lockstep lockstep = new Lockstep(capacity);
    AdaptivePolicy<Long, Long> policy = lockstep.policy;
    AdaptiveReferenceModel model = lockstep.model;
    assertThat(policy.windowTarget()).isEqualTo(10);
    boolean sawStrict = false;
    boolean sawNormalAfterStrict = false;
    int smallestTarget = Integer.MAX_VALUE;
    for (int round = 0; round < 100; round++) {
      for (long key = 0; key < capacity + capacity / 100 + 1; key++) {
        lockstep.access(key);
        assertThat(policy.strictAdmission()).isEqualTo(model.strictAdmission());
        assertThat(policy.windowTarget()).isEqualTo(model.windowTarget()).isPositive();
        smallestTarget = Math.min(smallestTarget, policy.windowTarget());
        sawNormalAfterStrict |= sawStrict && !policy.strictAdmission();
        sawStrict |= policy.strictAdmission();
        if (policy.strictAdmission()) {
          assertThat(policy.windowTarget()).isEqualTo(1);
        }
      }
    }
    assertThat(smallestTarget).isEqualTo(1);
    assertThat(sawStrict).isTrue();
    assertThat(sawNormalAfterStrict).isTrue();
  }

  /**
   * On a scan that goes back and forth over a quarter more keys than the cache holds, any fixed
   * set of keys hits {@code capacity / keys} of each pass, and so does exact LRU; admitting
   * candidates only one count ahead of their victims turned the main space over in CLOCK order
   * and hit 83% to 89% of that. With trials that lose throttled, the policy comes within 10%.
   */
  @ParameterizedTest
  @CsvSource({"100, 125", "400, 500", "800, 1000", "200, 1000"})
  void aScanBackAndForthHitsNearlyAllAFixedSetWould(int capacity, int keys) {
    int passes = 40;
    long hits = hitsInLaterPasses(capacity, passes, keys, backAndForth(keys));
    assertThat(hits).isGreaterThan((long) passes * capacity * 9 / 10);
  }

  /** The {@code i}th key of pass {@code p} of a scan over {@code keys} keys, up, down, up... */
  private static IntBinaryOperator backAndForth(int keys) {
    return (pass, i) -> pass % 2 == 0 ? i : keys - 1 - i;
  }

  /**
   * Replays {@code 2 * passes} passes of {@code keys} lookups through a default cache of {@code
   * capacity}, a miss putting the key, the {@code i}th key of pass {@code p} being {@code
   * keyAt(p, i)}; returns the hits of the last {@code passes} passes.
   */
  private static long hitsInLaterPasses(
      int capacity, int passes, int keys, IntBinaryOperator keyAt) {
    Cache<Integer, Integer> cache = CacheBuilder.newBuilder().capacity(capacity).build();
    long hits = 0;
    for (int pass = 0; pass < 2 * passes; pass++) {
      for (int i = 0; i < keys; i++) {
        int key = keyAt.applyAsInt(pass, i);
        if (cache.get(key) != null) {
          hits += pass >= passes ? 1 : 0;
        } else {
          cache.put(key, key);
        }
      }
    }
    return hits;
  }

  /**
   * The trial record falls on a back-and-forth scan, where the victims of one-count admissions
   * come back soon, and rises again on a hot set that moves, where candidates on trial are hit;
   * the model keeps the same record, step for step.
   */
  @Test
  void trialsThatLoseThrottleTheEdgeAndTrialsThatPayRestoreIt() {
    int capacity = 200;
    int keys = 250;
    Lockstep lockstep = new Lockstep(capacity);
    AdaptivePolicy<Long, Long> policy = lockstep.policy;
    IntBinaryOperator scanKey = backAndForth(keys);
    SplittableRandom random = new SplittableRandom(42);
    int lowestOnTheScan = 0;
    int highestOnTheHotSet = Integer.MIN_VALUE;
    for (int step = 0; step < 40 * keys + 100_000; step++) {
      boolean scan = step < 40 * keys;
      long key;
      if (scan) {
        key = scanKey.applyAsInt(step / keys, step % keys);
      } else {
        int t = step - 40 * keys;
        key = 1_000 + (t / 1_000) * 25L + random.nextInt(100); // 100 keys, 25 new every 1,000
      }
      lockstep.access(key);
      assertThat(policy.trialRecord()).isEqualTo(lockstep.model.trialRecord());
      if (scan) {
        lowestOnTheScan = Math.min(lowestOnTheScan, policy.trialRecord());
      } else {
        highestOnTheHotSet = Math.max(highestOnTheHotSet, policy.trialRecord());
      }
    }
    assertThat(lowestOnTheScan).isEqualTo(-WindowAdaptation.TRIAL_RECORD_LIMIT);
    assertThat(highestOnTheHotSet).isPositive();
  }

  /**
   * A policy of one stripe driven directly, beside the reference model of the same capacity: each
   * {@link #access} is a lookup on both, and both must agree on the hit and on every eviction.
   */
  private static final class Lockstep {
    final int capacity;
    final AdaptivePolicy<Long, Long> policy;
    final AdaptiveReferenceModel model;
    private final Map<Long, Node<Long, Long>> nodes = new HashMap<>();
    private final List<Long> evicted = new ArrayList<>();
    private final List<Long> modelEvicted = new ArrayList<>();

    Lockstep(int capacity) {
      this.capacity = capacity;
      this.policy = new AdaptivePolicy<>(capacity);
      this.model = new AdaptiveReferenceModel(capacity, AdaptivePolicy.SEED);
    }

    /**
     * Looks {@code key} up on the policy (a hit is recorded as a lock-free hit, a miss evicts
     * first if full and inserts) and on the model, and checks that they agree.
     */
    void access(long key) {
      boolean hit = accessPolicy(key);
      assertThat(model.access(key, modelEvicted)).as("hit on %d", key).isEqualTo(hit);
      assertThat(evicted).isEqualTo(modelEvicted);
    }

    private boolean accessPolicy(long key) {
      Node<Long, Long> node = nodes.get(key);
      if (node != null) {
        policy.onHitWithoutLock(node);
        return true;
      }
      if (nodes.size() >= capacity) {
        Node<Long, Long> victim = policy.victim();
        policy.remove(victim);
        nodes.remove(victim.key);
        evicted.add(victim.key);
      }
      node = policy.newNode(key, key, 0);
      nodes.put(key, node);
      policy.add(node);
      return false;
    }
  }

  /** A stripe with a large capacity sizes its tables as it fills, up to its capacity. */
  @Test
  void tablesStartSmallAndDoubleUpToTheCapacity() {
    assertThat(new AdaptivePolicy<Long, Long>(100).tableEntries()).isEqualTo(100);
    assertThat(new AdaptivePolicy<Long, Long>(1_000_000).tableEntries())
        .isEqualTo(AdaptivePolicy.INITIAL_TABLE_ENTRIES);
    AdaptivePolicy<Long, Long> policy = new AdaptivePolicy<>(3_000);
    List<Integer> sizes = new ArrayList<>();
    for (long key = 0; key < 3_000; key++) {
      policy.add(policy.newNode(key, key, 0));
      if (sizes.isEmpty() || sizes.get(sizes.size() - 1) != policy.tableEntries()) {
        sizes.add(policy.tableEntries());
      }
    }
    assertThat(sizes).containsExactly(1_024, 2_048, 3_000);
    assertThat(policy.size()).isEqualTo(3_000);
  }

  /**
   * When a stripe's tables double, its resident keys keep their estimates: a key inserted five
   * times (removed in between) still counts at least 5 in the new sketch, every other resident at
   * least 1. A new sketch that started empty gave every resident 0, and a stripe of 1,127 entries
   * replaying the LIRS `cs` trace on one stripe then hit 55.04% where Caffeine hits 65.79%.
   */
  @Test
  void residentKeysKeepTheirEstimatesWhenTheTablesGrow() {
    AdaptivePolicy<Long, Long> policy = new AdaptivePolicy<>(3_000);
    for (int round = 0; round < 5; round++) {
      for (long key = 0; key < 100; key++) {
        Node<Long, Long> node = policy.newNode(key, key, 0);
        policy.add(node);
        if (round < 4) {
          policy.remove(node);
        }
      }
    }
    for (long key = 100; key <= AdaptivePolicy.INITIAL_TABLE_ENTRIES; key++) {
      policy.add(policy.newNode(key, key, 0));
    }
    assertThat(policy.tableEntries()).isEqualTo(2 * AdaptivePolicy.INITIAL_TABLE_ENTRIES);
    for (long key = 0; key < AdaptivePolicy.INITIAL_TABLE_ENTRIES; key++) {
      assertThat(policy.estimate(key))
          .as("estimate of %d", key)
          .isGreaterThanOrEqualTo(key < 100 ? 5 : 1);
    }
  }

  @Test
  void victimOfAnEmptyPolicyIsNull() {
    assertThat(new AdaptivePolicy<Long, Long>(4).victim()).isNull();
  }
}
