package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random operations from one thread on a one-stripe LRU cache bounded by weight, against a plain
 * access-ordered {@link LinkedHashMap} with a running total: identical results and identical
 * removals, in order, after every operation.
 */
class WeightDifferentialTest {
  private static final int OPERATIONS = 50_000;

  /** The weight of a value: its last digit, so that 0 (never evicted for size) occurs too. */
  private static int weigh(Integer key, Integer value) {
    return value % 10;
  }

  @Test
  void matchesAWeightedLruReference() {
    for (long seed = 1; seed <= 3; seed++) {
      run(20, 16, seed);
    }
    run(5, 12, 4); // a maximum below the heaviest weight: entries heavier than it do occur
    run(0, 8, 5); // only weight-0 entries are kept
  }

  private static void run(long maximumWeight, int keySpace, long seed) {
    RemovalRecorder<Integer, Integer> recorder = new RemovalRecorder<>();
    Cache<Integer, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU)
            .maximumWeight(maximumWeight)
            .weigher(WeightDifferentialTest::weigh)
            .removalListener(recorder)
            .build();
    assertThat(cache.info().stripes()).isEqualTo(1);
    Reference reference = new Reference(maximumWeight);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < OPERATIONS; i++) {
      int key = random.nextInt(keySpace);
      int op = random.nextInt(100);
      String step = "seed " + seed + " op #" + i + " key " + key + " roll " + op;
      if (op < 35) {
        assertThat(cache.get(key)).as(step).isEqualTo(reference.get(key));
      } else if (op < 70) {
        int value = random.nextInt(1000);
        cache.put(key, value);
        reference.put(key, value);
      } else if (op < 78) {
        assertThat(cache.remove(key)).as(step).isEqualTo(reference.remove(key));
      } else if (op < 95) {
        int loaded = key * 10 + random.nextInt(10);
        assertThat(cache.computeIfAbsent(key, k -> loaded))
            .as(step)
            .isEqualTo(reference.computeIfAbsent(key, loaded));
      } else {
        assertThat(cache.size()).as(step).isEqualTo(reference.map.size());
      }
      assertThat(recorder.drain()).as(step + " removals").isEqualTo(reference.drain());
    }
  }

  /** Weighted LRU, written the obvious way. */
  private static final class Reference {
    final LinkedHashMap<Integer, Integer> map = new LinkedHashMap<>(16, 0.75f, true);
    final long maximum;
    long total;
    final List<Removal<Integer, Integer>> removals = new ArrayList<>();

    Reference(long maximum) {
      this.maximum = maximum;
    }

    Integer get(int key) {
      return map.get(key);
    }

    Integer remove(int key) {
      Integer old = map.remove(key);
      if (old != null) {
        total -= weigh(key, old);
        removals.add(new Removal<>(key, old, RemovalCause.EXPLICIT));
      }
      return old;
    }

    Integer computeIfAbsent(int key, int loaded) {
      Integer present = map.get(key);
      if (present != null) {
        return present;
      }
      put(key, loaded);
      return loaded;
    }

    void put(int key, int value) {
      int weight = weigh(key, value);
      Integer old = map.remove(key);
      if (old != null) {
        total -= weigh(key, old);
        removals.add(new Removal<>(key, old, RemovalCause.REPLACED));
      } else if (weight <= maximum) {
        evictWhile(weight); // a new key makes room first, and is never its own victim
      }
      map.put(key, value);
      total += weight;
      if (weight > maximum) { // kept for no time at all
        map.remove(key);
        total -= weight;
        removals.add(new Removal<>(key, value, RemovalCause.SIZE));
      } else {
        evictWhile(0); // an overwrite may have made the whole heavier
      }
    }

    /** Evicts the eldest until {@code incoming} fits; an eldest of weight 0 is used instead. */
    private void evictWhile(int incoming) {
      while (total + incoming > maximum) {
        Map.Entry<Integer, Integer> victim = map.entrySet().iterator().next();
        if (weigh(victim.getKey(), victim.getValue()) == 0) {
          map.get(victim.getKey()); // now the most recently used
          continue;
        }
        map.remove(victim.getKey());
        total -= weigh(victim.getKey(), victim.getValue());
        removals.add(new Removal<>(victim.getKey(), victim.getValue(), RemovalCause.SIZE));
      }
    }

    List<Removal<Integer, Integer>> drain() {
      List<Removal<Integer, Integer>> copy = new ArrayList<>(removals);
      removals.clear();
      return copy;
    }
  }
}
