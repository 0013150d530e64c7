package dev.purecache.benchmarks;

import java.util.function.Function;

/**
 * The few operations the benchmarks need, over any cache implementation, so that purecache and
 * its comparators run the same code.
 *
 * @param <K> key type
 * @param <V> value type
 */
public interface BenchCache<K, V> {
  /** Returns the value of {@code key}, or null on a miss (a hit counts for the policy). */
  V get(K key);

  /** Stores {@code value} for {@code key}. */
  void put(K key, V value);

  /** Returns the value of {@code key}, loading it with {@code loader} on a miss. */
  V computeIfAbsent(K key, Function<? super K, ? extends V> loader);

  /** Runs pending maintenance, where the implementation has any. */
  default void cleanUp() {}

  /** Returns the underlying cache object (for memory measurement). */
  Object unwrap();
}
