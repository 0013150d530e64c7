package dev.purecache;

import dev.purecache.internal.CacheSettings;

/**
 * A least-frequently-used cache: a new key starts at frequency 1, each hit and each overwrite adds
 * one, and inserting a new key into a full cache evicts the key of lowest frequency, ties broken by
 * least recent use; the key being inserted is never the victim. O(1) per operation (frequency
 * buckets with a minimum pointer). Exact at every capacity: an LFU cache has one stripe unless
 * built with more.
 *
 * <pre>{@code
 * Cache<Long, Product> products = new LfuCache<>(1_000);
 * }</pre>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class LfuCache<K, V> extends AbstractBackend<K, V> {
  /**
   * Creates an LFU cache with default settings (see {@link CacheBuilder}).
   *
   * @param capacity the maximum number of entries, at least 1
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public LfuCache(int capacity) {
    this(CacheSettings.of(Policy.LFU, CacheSettings.requireCapacity(capacity), null));
  }

  LfuCache(CacheSettings<K, V> settings) {
    super(settings);
  }
}
