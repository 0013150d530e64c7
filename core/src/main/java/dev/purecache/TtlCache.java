package dev.purecache;

import dev.purecache.internal.CacheSettings;
import java.time.Duration;

/**
 * An expire-after-write cache: an entry written at {@code t} is visible while {@code now < t +
 * ttl} and never at or after it; a read does not extend it, an overwrite restarts it. Unbounded by
 * count unless a capacity is given; when bounded and full, the entry closest to expiry is evicted.
 * Expired entries are invisible at once and reclaimed on writes and by {@link #cleanUp()}, with no
 * background thread.
 *
 * <pre>{@code
 * Cache<String, Token> tokens = new TtlCache<>(Duration.ofMinutes(10));
 * }</pre>
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class TtlCache<K, V> extends AbstractBackend<K, V> {
  /**
   * Creates a TTL cache without a size bound.
   *
   * @param ttl the time to live after each write, positive
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public TtlCache(Duration ttl) {
    this(CacheSettings.of(Policy.TTL, -1, CacheSettings.requireTtl(ttl)));
  }

  /**
   * Creates a TTL cache holding at most {@code capacity} entries.
   *
   * @param capacity the maximum number of entries, at least 1
   * @param ttl the time to live after each write, positive
   * @throws IllegalArgumentException if {@code capacity < 1} or {@code ttl} is not positive
   * @throws NullPointerException if {@code ttl} is null
   */
  public TtlCache(int capacity, Duration ttl) {
    this(
        CacheSettings.of(
            Policy.TTL, CacheSettings.requireCapacity(capacity), CacheSettings.requireTtl(ttl)));
  }

  TtlCache(CacheSettings<K, V> settings) {
    super(settings);
  }
}
