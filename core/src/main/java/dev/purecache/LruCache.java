package dev.purecache;

import dev.purecache.internal.CacheSettings;

/**
 * A least-recently-used cache: a hit makes its key the most recently used, and inserting a new
 * key into a full cache evicts the least recently used one. O(1) per operation; reads take no
 * lock in the common case. With a capacity of at most 1,024 the order is exact across the whole
 * cache; above that the default stripes keep their own orders (see {@link CacheBuilder#stripes}).
 *
 * <pre>{@code
 * Cache<String, Page> pages = new LruCache<>(500);
 * }</pre>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class LruCache<K, V> extends AbstractBackend<K, V> {
  /**
   * Creates an LRU cache with default settings (see {@link CacheBuilder}).
   *
   * @param capacity the maximum number of entries, at least 1
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public LruCache(int capacity) {
    this(CacheSettings.of(Policy.LRU, CacheSettings.requireCapacity(capacity), null));
  }

  LruCache(CacheSettings<K, V> settings) {
    super(settings);
  }
}
