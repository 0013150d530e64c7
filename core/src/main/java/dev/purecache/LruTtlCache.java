package dev.purecache;

import dev.purecache.internal.CacheSettings;
import java.time.Duration;

/**
 * LRU and expire-after-write together, the production default: entries expire a fixed time after
 * their last write, and a full cache first reclaims expired entries, then evicts the least
 * recently used live one.
 *
 * <pre>{@code
 * Cache<String, User> users = new LruTtlCache<>(10_000, Duration.ofMinutes(5));
 * }</pre>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class LruTtlCache<K, V> extends AbstractBackend<K, V> {
  /**
   * Creates an LRU+TTL cache with default settings (see {@link CacheBuilder}).
   *
   * @param capacity the maximum number of entries, at least 1
   * @param ttl the time to live after each write, positive
   * @throws IllegalArgumentException if {@code capacity < 1} or {@code ttl} is not positive
   * @throws NullPointerException if {@code ttl} is null
   */
  public LruTtlCache(int capacity, Duration ttl) {
    this(
        CacheSettings.of(
            Policy.LRU_TTL, CacheSettings.requireCapacity(capacity), CacheSettings.requireTtl(ttl)));
  }

  LruTtlCache(CacheSettings<K, V> settings) {
    super(settings);
  }
}
