package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.ReferenceModel.Event;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * 100,000 random operations from one thread against {@link ReferenceModel}: identical results
 * and identical removals, in order, after every operation.
 */
class DifferentialTest {
  private static final int OPERATIONS = 100_000;
  private static final long TTL = Duration.ofMillis(100).toNanos();

  @ParameterizedTest
  @EnumSource(value = Policy.class, mode = EnumSource.Mode.EXCLUDE, names = "ADAPTIVE")
  void matchesTheReferenceModel(Policy policy) {
    for (long seed : new long[] {1, 2, 3}) {
      run(policy, 8, 24, seed);
    }
    run(policy, 64, 160, 4);
  }

  private static void run(Policy policy, int capacity, int keySpace, long seed) {
    ManualTicker ticker = new ManualTicker();
    RemovalRecorder<Integer, Integer> recorder = new RemovalRecorder<>();
    boolean expires = policy == Policy.TTL || policy == Policy.LRU_TTL;
    CacheBuilder<Integer, Integer> builder =
        CacheBuilder.newBuilder()
            .policy(policy)
            .capacity(capacity)
            .ticker(ticker)
            .removalListener(recorder);
    if (expires) {
      builder.ttl(Duration.ofNanos(TTL));
    }
    Cache<Integer, Integer> cache = builder.build();
    ReferenceModel model = new ReferenceModel(policy, capacity, TTL);
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < OPERATIONS; i++) {
      model.setTime(ticker.read());
      int key = random.nextInt(keySpace);
      int op = random.nextInt(100);
      String step = "seed " + seed + " op #" + i + " key " + key + " roll " + op;
      if (op < 35) {
        check(step, cache.get(key), model.get(key));
      } else if (op < 65) {
        int value = random.nextInt(1000);
        cache.put(key, value);
        model.put(key, value);
      } else if (op < 72) {
        check(step, cache.remove(key), model.remove(key));
      } else if (op < 78) {
        check(step, cache.containsKey(key), model.containsKey(key));
      } else if (op < 92) {
        Integer loaded = key % 7 == 0 ? null : key * 10;
        check(step, cache.computeIfAbsent(key, k -> loaded), model.computeIfAbsent(key, loaded));
      } else if (op < 95) {
        check(step, cache.size(), model.size());
      } else if (op < 96) {
        if (random.nextInt(20) == 0) {
          cache.clear();
          model.clear();
        } else {
          cache.cleanUp();
          model.cleanUp();
        }
      } else {
        ticker.advanceNanos(expires ? random.nextLong(TTL / 4) : 1);
      }
      List<Event> expected = model.takeEvents();
      List<Event> actual =
          recorder.drain().stream()
              .map(r -> new Event(r.key(), r.value(), r.cause()))
              .toList();
      if (op >= 95 && op < 96) {
        // clear() reports in stripe order; compare as sets, sorted by key within cause
        expected = sorted(expected);
        actual = sorted(actual);
      }
      assertThat(actual).as(step + " removals").isEqualTo(expected);
    }
  }

  private static List<Event> sorted(List<Event> events) {
    return events.stream()
        .sorted(Comparator.comparing(Event::cause).thenComparingInt(Event::key))
        .toList();
  }

  private static <T> void check(String step, T actual, T expected) {
    assertThat(actual).as(step).isEqualTo(expected);
  }

}
