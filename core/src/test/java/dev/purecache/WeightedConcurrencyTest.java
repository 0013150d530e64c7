package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Threads put, read, remove and load unique values of random weight in one small weighted cache.
 * Afterwards the weight put in, less the weight the listener was told of, is exactly the weight
 * the cache still holds, which is within the maximum; no value is reported twice.
 */
class WeightedConcurrencyTest {
  private static final int THREADS = 4;
  private static final int OPS = 40_000;
  private static final long MAXIMUM = 64;

  /** A value's weight: its low 4 bits (0 to 15). */
  private static int weigh(Integer key, Long value) {
    return (int) (value & 15);
  }

  @ParameterizedTest
  @CsvSource({"ADAPTIVE, 1", "ADAPTIVE, 4", "LRU, 1", "LRU, 4"})
  void storedWeightIsAccountedForExactly(Policy policy, int stripes) throws Exception {
    AtomicLong removedWeight = new AtomicLong();
    Map<Long, RemovalCause> reported = new ConcurrentHashMap<>();
    Queue<Long> duplicates = new ConcurrentLinkedQueue<>();
    Cache<Integer, Long> cache =
        CacheBuilder.newBuilder()
            .policy(policy)
            .maximumWeight(MAXIMUM)
            .weigher(WeightedConcurrencyTest::weigh)
            .stripes(stripes)
            .removalListener(
                (Integer k, Long v, RemovalCause cause) -> {
                  removedWeight.addAndGet(weigh(k, v));
                  if (reported.put(v, cause) != null) {
                    duplicates.add(v);
                  }
                })
            .build();
    AtomicLong storedWeight = new AtomicLong();
    AtomicLong nextValue = new AtomicLong();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      long seed = t;
      threads.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    await(start);
                    for (int i = 0; i < OPS; i++) {
                      int key = random.nextInt(48);
                      int op = random.nextInt(10);
                      long value = nextValue.incrementAndGet() << 4 | random.nextInt(16);
                      if (op < 4) {
                        cache.put(key, value);
                        storedWeight.addAndGet(weigh(key, value));
                      } else if (op < 5) {
                        cache.remove(key);
                      } else if (op < 7) {
                        // values are unique: this caller's value came back only if its load stored it
                        if (cache.computeIfAbsent(key, k -> value) == value) {
                          storedWeight.addAndGet(weigh(key, value));
                        }
                      } else {
                        cache.get(key);
                      }
                    }
                  }));
    }
    for (Thread thread : threads) {
      thread.join();
    }
    cache.cleanUp();
    long held = 0;
    for (int key = 0; key < 48; key++) {
      Long value = cache.get(key);
      if (value != null) {
        held += weigh(key, value);
        assertThat(reported).doesNotContainKey(value);
      }
    }
    assertThat(duplicates).isEmpty();
    assertThat(held).isLessThanOrEqualTo(MAXIMUM);
    assertThat(storedWeight.get() - removedWeight.get()).isEqualTo(held);
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
