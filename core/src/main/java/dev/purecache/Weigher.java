package dev.purecache;

/**
 * Gives each entry of a cache bounded by {@link CacheBuilder#maximumWeight(long)} its weight:
 * a full cache evicts until the total weight of its entries fits the maximum.
 *
 * <pre>{@code
 * Cache<String, byte[]> blobs = CacheBuilder.newBuilder()
 *     .maximumWeight(64 << 20)
 *     .weigher((String key, byte[] value) -> value.length)
 *     .build();
 * }</pre>
 *
 * <p>A cache weighs each value once, when it is stored (by a put or a load), on the storing
 * thread and never with a lock held; the weight is kept until the entry is replaced or removed.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface Weigher<K, V> {

  /**
   * Returns the weight of an entry, in units of the cache's maximum weight. It should be fast
   * and must not call the cache.
   *
   * @param key the key, never null
   * @param value the value being stored, never null
   * @return the weight, zero or more; an entry of weight 0 is never evicted for size (the
   *     policy passes over it, as if it had just been used)
   */
  int weigh(K key, V value);
}
