package dev.purecache;

import dev.purecache.internal.CacheSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link Cache} with any combination of settings. Every setting has a default; a cache
 * needs at least a capacity (ADAPTIVE, LRU, LFU, LRU+TTL) or a time to live (TTL, LRU+TTL):
 *
 * <pre>{@code
 * Cache<Long, Product> products = CacheBuilder.newBuilder()
 *     .capacity(10_000)                    // the ADAPTIVE policy: the default without a ttl
 *     .build();
 *
 * Cache<String, User> users = CacheBuilder.newBuilder()
 *     .policy(Policy.LRU_TTL)              // default with a ttl: LRU_TTL
 *     .capacity(10_000)
 *     .ttl(Duration.ofMinutes(5))
 *     .loadTimeout(Duration.ofSeconds(2))  // default: none
 *     .recordStats()                       // default: off
 *     .removalListener((String k, User v, RemovalCause cause) -> log(k, cause))
 *     .build();
 * }</pre>
 *
 * <p>Defaults: one stripe up to a capacity of 1,024 (an exact policy globally), above that one
 * stripe per 256 entries rounded down to a power of two, at most 256; an unbounded TTL cache
 * has 16 stripes; an LFU cache always has one stripe, since least-frequently-used is a global
 * order that splitting by hash distorts, while LRU orders split this way stay close to exact LRU
 * (the hit-ratio replay in {@code benchmarks/README.md} compares both with the exact policies).
 * The time source is {@link Ticker#system()}; the load engine is {@link
 * LoadEngine#defaultEngine()}.
 *
 * <p>A builder is not thread-safe; a built cache is.
 *
 * @param <K> the type of keys of the caches it builds
 * @param <V> the type of values of the caches it builds
 */
public final class CacheBuilder<K, V> {
  private static final int UNSET = -1;

  private Policy policy;
  private int capacity = UNSET;
  private Duration ttl;
  private int stripes = UNSET;
  private Ticker ticker = Ticker.system();
  private RemovalListener<? super K, ? super V> removalListener;
  private boolean recordStats;
  private Duration loadTimeout;
  private LoadEngine loadEngine;

  private CacheBuilder() {}

  /**
   * Returns a builder with every setting at its default.
   *
   * @return a new builder
   */
  public static CacheBuilder<Object, Object> newBuilder() {
    return new CacheBuilder<>();
  }

  /**
   * Sets the eviction policy. Default: {@link Policy#ADAPTIVE}, or {@link Policy#LRU_TTL} when a
   * time to live is set.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   */
  public CacheBuilder<K, V> policy(Policy policy) {
    this.policy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Sets the maximum number of entries. Required for ADAPTIVE, LRU, LFU and LRU+TTL; optional for
   * TTL.
   *
   * @param capacity the capacity, at least 1
   * @return this builder
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public CacheBuilder<K, V> capacity(int capacity) {
    this.capacity = CacheSettings.requireCapacity(capacity);
    return this;
  }

  /**
   * Sets the time to live after each write. Required for TTL and LRU+TTL.
   *
   * @param ttl a positive duration
   * @return this builder
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public CacheBuilder<K, V> ttl(Duration ttl) {
    this.ttl = CacheSettings.requireTtl(ttl);
    return this;
  }

  /**
   * Sets the number of stripes, rounded up to a power of two. One stripe makes the policy exact
   * globally at any capacity; more stripes let more threads write at once. The capacity is split
   * evenly over the stripes and each keeps its own eviction order.
   *
   * @param stripes the stripe count, from 1 to 65,536, and at most the capacity
   * @return this builder
   * @throws IllegalArgumentException if {@code stripes} is out of range
   */
  public CacheBuilder<K, V> stripes(int stripes) {
    if (stripes < 1 || stripes > CacheSettings.MAX_STRIPES) {
      throw new IllegalArgumentException(
          "stripes must be between 1 and " + CacheSettings.MAX_STRIPES + ", was " + stripes);
    }
    this.stripes = stripes;
    return this;
  }

  /**
   * Sets the time source for expiry. Tests inject a manual one so they never sleep.
   *
   * @param ticker the time source
   * @return this builder
   * @throws NullPointerException if {@code ticker} is null
   */
  public CacheBuilder<K, V> ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Sets the listener told of every removal, after the cache's locks are released.
   *
   * @param listener the listener
   * @param <K1> the key type of the caches built from now on
   * @param <V1> the value type of the caches built from now on
   * @return this builder, typed for the listener
   * @throws NullPointerException if {@code listener} is null
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> removalListener(
      RemovalListener<? super K1, ? super V1> listener) {
    CacheBuilder<K1, V1> self = (CacheBuilder<K1, V1>) this;
    self.removalListener = Objects.requireNonNull(listener, "listener");
    return self;
  }

  /**
   * Turns on statistics ({@link Cache#stats()}); off by default, as counting costs a little on
   * every operation.
   *
   * @return this builder
   */
  public CacheBuilder<K, V> recordStats() {
    this.recordStats = true;
    return this;
  }

  /**
   * Bounds every load: callers wait at most this long, then the load is cancelled (its thread
   * interrupted), nothing is stored, and every caller gets a {@link CacheLoadTimeoutException}.
   * Default: no timeout.
   *
   * @param timeout a positive duration
   * @return this builder
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  public CacheBuilder<K, V> loadTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("load timeout must be positive, was " + timeout);
    }
    this.loadTimeout = timeout;
    return this;
  }

  /**
   * Names the engine that runs loads. Default: {@link LoadEngine#defaultEngine()}.
   *
   * @param engine the engine
   * @return this builder
   * @throws NullPointerException if {@code engine} is null
   */
  public CacheBuilder<K, V> loadEngine(LoadEngine engine) {
    this.loadEngine = Objects.requireNonNull(engine, "engine");
    return this;
  }

  /**
   * Builds a cache with these settings. The builder may be used again afterwards.
   *
   * @param <K1> the key type
   * @param <V1> the value type
   * @return a new, empty cache
   * @throws IllegalStateException if the settings do not fit the policy (no capacity for
   *     ADAPTIVE, LRU, LFU or LRU+TTL; no ttl for TTL or LRU+TTL; a ttl with ADAPTIVE, LRU or LFU;
   *     more stripes than capacity)
   */
  public <K1 extends K, V1 extends V> Cache<K1, V1> build() {
    @SuppressWarnings("unchecked")
    RemovalListener<? super K1, ? super V1> typedListener =
        (RemovalListener<? super K1, ? super V1>) removalListener;
    CacheSettings<K1, V1> settings =
        CacheSettings.of(
            policy,
            capacity,
            ttl,
            stripes,
            ticker,
            typedListener,
            recordStats,
            loadTimeout,
            loadEngine);
    return switch (settings.policy()) {
      case ADAPTIVE -> new AdaptiveCache<>(settings);
      case LRU -> new LruCache<>(settings);
      case LFU -> new LfuCache<>(settings);
      case TTL -> new TtlCache<>(settings);
      case LRU_TTL -> new LruTtlCache<>(settings);
    };
  }
}
