package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several platform threads hammer one small cache with puts, gets, removes and loads of unique
 * values. Afterwards every value ever put is accounted for exactly once: still in the cache, or
 * reported to the listener once; nothing else is (a loaded value may have been superseded by a
 * put, so loaded values may be either). Nothing is lost, duplicated or left over capacity.
 */
class ConcurrentConsistencyTest {
  private static final int THREADS = 4;
  private static final int OPS = 50_000;

  @ParameterizedTest
  @EnumSource(Policy.class)
  void everyStoredValueIsAccountedForExactlyOnce(Policy policy) throws Exception {
    for (int stripes : new int[] {1, 4}) {
      run(policy, stripes, null);
    }
  }

  /**
   * The same with deadlines per entry, which hits move without the lock: expire after access
   * (5 ms), or an {@link Expiry} whose durations (0 to 6 ms, so some expire at once) come from
   * the value, and whose reads shorten some entries' lives.
   */
  @ParameterizedTest
  @ValueSource(strings = {"expireAfterAccess", "expireAfter"})
  void withDeadlinesPerEntryToo(String kind) throws Exception {
    for (int stripes : new int[] {1, 4}) {
      run(Policy.LRU, stripes, kind);
    }
  }

  private static final class MillisFromValue implements Expiry<Integer, Long> {
    @Override
    public long expireAfterCreate(Integer key, Long value, long currentTime) {
      return Duration.ofMillis(value % 7).toNanos();
    }

    @Override
    public long expireAfterUpdate(Integer key, Long value, long currentTime, long currentDuration) {
      return (value & 1) == 0 ? currentDuration : Duration.ofMillis((value >> 1) % 7).toNanos();
    }

    @Override
    public long expireAfterRead(Integer key, Long value, long currentTime, long currentDuration) {
      return (value & 3) == 0 ? Duration.ofMillis(2).toNanos() : currentDuration;
    }
  }

  private static void run(Policy policy, int stripes, String deadlines) throws Exception {
    int capacity = 32;
    ManualTicker ticker = new ManualTicker();
    Map<Long, RemovalCause> reported = new ConcurrentHashMap<>();
    Set<Long> duplicates = ConcurrentHashMap.newKeySet();
    CacheBuilder<Integer, Long> builder =
        CacheBuilder.newBuilder()
            .policy(policy)
            .capacity(capacity)
            .stripes(stripes)
            .ticker(ticker)
            .removalListener(
                (Integer k, Long v, RemovalCause cause) -> {
                  if (reported.put(v, cause) != null) {
                    duplicates.add(v);
                  }
                });
    if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
      builder.ttl(Duration.ofMillis(5));
    }
    if ("expireAfterAccess".equals(deadlines)) {
      builder.expireAfterAccess(Duration.ofMillis(5));
    } else if ("expireAfter".equals(deadlines)) {
      builder.expireAfter(new MillisFromValue());
    }
    Cache<Integer, Long> cache = builder.build();
    Set<Long> stored = ConcurrentHashMap.newKeySet();
    // a load's value may be superseded by a concurrent put: loaded values may or may not be stored
    Set<Long> loaded = ConcurrentHashMap.newKeySet();
    Set<Long> removedByCaller = ConcurrentHashMap.newKeySet();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long id = t;
      threads.add(
          Thread.ofPlatform()
              .uncaughtExceptionHandler((thread, failure) -> failures.add(failure))
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(id);
                    try {
                      start.await();
                    } catch (Exception e) {
                      throw new IllegalStateException(e);
                    }
                    for (int i = 0; i < OPS; i++) {
                      int key = random.nextInt(96);
                      long value = (id << 32) | i;
                      int roll = random.nextInt(100);
                      if (roll < 40) {
                        cache.get(key);
                      } else if (roll < 75) {
                        cache.put(key, value);
                        stored.add(value);
                      } else if (roll < 85) {
                        Long removed = cache.remove(key);
                        if (removed != null) {
                          removedByCaller.add(removed);
                        }
                      } else if (roll < 98) {
                        cache.computeIfAbsent(
                            key,
                            k -> {
                              loaded.add(value);
                              return value;
                            });
                      } else {
                        ticker.advance(Duration.ofMillis(1));
                      }
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).as("exceptions thrown by the workers").isEmpty();
    assertThat(duplicates).as("values reported twice").isEmpty();
    int size = cache.size(); // reclaims what has expired, reporting it
    assertThat(size).isLessThanOrEqualTo(capacity);
    Map<Long, Integer> live = new HashMap<>();
    for (int key = 0; key < 96; key++) {
      Long v = cache.get(key);
      if (v != null) {
        live.put(v, key);
      }
    }
    assertThat(live).hasSize(size);
    Set<Long> accounted = new HashSet<>(reported.keySet());
    assertThat(accounted).as("live values never reported").doesNotContainAnyElementsOf(live.keySet());
    accounted.addAll(live.keySet());
    Set<Long> unaccounted = new HashSet<>(stored);
    unaccounted.removeAll(accounted);
    Set<Long> unexpected = new HashSet<>(accounted);
    unexpected.removeAll(stored);
    unexpected.removeAll(loaded);
    assertThat(unaccounted).as("stored but neither live nor reported").isEmpty();
    assertThat(unexpected).as("reported or live but never stored").isEmpty();
    assertThat(removedByCaller)
        .allSatisfy(v -> assertThat(reported.get(v)).isEqualTo(RemovalCause.EXPLICIT));
  }
}
