package dev.purecache.jcache;

import dev.purecache.Ticker;
import java.time.Duration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.MutableConfiguration;

/**
 * A {@link MutableConfiguration} with purecache's own settings: the size bound and a time to live
 * that caps every entry whatever the JCache {@code ExpiryPolicy} says.
 *
 * <ul>
 *   <li>{@link #setCapacity(int)}: the most entries the cache keeps; beyond it the least recently
 *       used entry is evicted (counted in {@code CacheEvictions}, no listener event, as JCache
 *       defines no eviction event). Default {@value #DEFAULT_CAPACITY}.
 *   <li>{@link #setTimeToLive(Duration)}: an expire-after-write bound applied by purecache's
 *       LRU+TTL policy (default: none, then the policy is LRU alone). The JCache expiry policy
 *       still applies per entry on top of it; the earlier deadline wins.
 *   <li>{@link #setTicker(Ticker)}: the time source of both expiries (default {@link
 *       Ticker#system()}), so tests can move time without sleeping. Not serialized.
 * </ul>
 *
 * <p>A plain {@link MutableConfiguration} gets the defaults.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public class PureConfiguration<K, V> extends MutableConfiguration<K, V> {
  private static final long serialVersionUID = 1L;

  /** The capacity of a cache configured without one. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private int capacity = DEFAULT_CAPACITY;
  private Duration timeToLive;
  private transient Ticker ticker;

  /** Creates a configuration with the JCache defaults and purecache's default capacity. */
  public PureConfiguration() {}

  /**
   * Copies {@code configuration}, including purecache's settings if it has them.
   *
   * @param configuration the configuration to copy
   */
  public PureConfiguration(CompleteConfiguration<K, V> configuration) {
    super(configuration);
    if (configuration instanceof PureConfiguration<K, V> pure) {
      this.capacity = pure.capacity;
      this.timeToLive = pure.timeToLive;
      this.ticker = pure.ticker;
    }
  }

  /**
   * Returns the size bound.
   *
   * @return the most entries the cache keeps
   */
  public int getCapacity() {
    return capacity;
  }

  /**
   * Sets the size bound.
   *
   * @param capacity the most entries the cache keeps, at least 1
   * @return this configuration
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public PureConfiguration<K, V> setCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    this.capacity = capacity;
    return this;
  }

  /**
   * Returns the time-to-live bound, or null if there is none.
   *
   * @return the time to live after a write, or null
   */
  public Duration getTimeToLive() {
    return timeToLive;
  }

  /**
   * Sets the time-to-live bound: every entry expires that long after its last write at the
   * latest.
   *
   * @param timeToLive a positive duration, or null for none
   * @return this configuration
   * @throws IllegalArgumentException if {@code timeToLive} is zero or negative
   */
  public PureConfiguration<K, V> setTimeToLive(Duration timeToLive) {
    if (timeToLive != null && (timeToLive.isZero() || timeToLive.isNegative())) {
      throw new IllegalArgumentException("timeToLive must be positive: " + timeToLive);
    }
    this.timeToLive = timeToLive;
    return this;
  }

  /**
   * Returns the time source.
   *
   * @return the ticker, {@link Ticker#system()} unless set
   */
  public Ticker getTicker() {
    return ticker == null ? Ticker.system() : ticker;
  }

  /**
   * Sets the time source of the JCache expiry policy and of the time-to-live bound.
   *
   * @param ticker a monotonic nanosecond source, or null for the system one
   * @return this configuration
   */
  public PureConfiguration<K, V> setTicker(Ticker ticker) {
    this.ticker = ticker;
    return this;
  }
}
