package dev.purecache;

import dev.purecache.internal.CacheSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link Cache} with any combination of settings. Every setting has a default; a cache
 * needs at least a capacity (ADAPTIVE, LRU, LFU, LRU+TTL) or a time to live (TTL, LRU+TTL), or
 * a rule of expiry per entry ({@link #expireAfterAccess}, {@link #expireAfter}, which need no
 * capacity):
 *
 * <pre>{@code
 * Cache<Long, Product> products = CacheBuilder.newBuilder()
 *     .capacity(10_000)                    // the ADAPTIVE policy, the default
 *     .build();
 *
 * Cache<String, User> users = CacheBuilder.newBuilder()
 *     .capacity(10_000)                    // ADAPTIVE, entries expiring 5 minutes after a write
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
 * <p>A cache may be bounded by weight instead of by count: {@link #maximumWeight(long)} with a
 * {@link #weigher(Weigher)}, for ADAPTIVE (the default), LRU and LRU+TTL. Such a cache has one
 * stripe unless {@link #stripes(int)} is set, so that "heavier than the maximum" means the whole
 * cache's maximum.
 *
 * <p>Expiry comes in three exclusive kinds: a time to live after each write ({@link #ttl}, TTL
 * and LRU+TTL), after each read or write ({@link #expireAfterAccess}) and per entry from an
 * {@link Expiry} ({@link #expireAfter}); the last two are LRU's (its default with them). A hit
 * never returns an entry that has expired at the time of the read, whichever the kind.
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
  private long maximumWeight = CacheSettings.NO_MAXIMUM_WEIGHT;
  private Weigher<? super K, ? super V> weigher;
  private Sleeper sleeper;
  private Duration refreshAfterWrite;
  private Duration expireAfterAccess;
  private Expiry<? super K, ? super V> expiry;

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
   * Sets the eviction policy. Default: {@link Policy#ADAPTIVE}, with or without a time to live or
   * a {@link #maximumWeight}; {@link Policy#LRU} with {@link #expireAfterAccess} or {@link
   * #expireAfter}.
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
   * TTL and with {@link #expireAfterAccess} or {@link #expireAfter} (unbounded without it).
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
   * Bounds the cache by the total weight of its entries instead of their number; needs a {@link
   * #weigher(Weigher)}, and is an alternative to {@link #capacity(int)}. ADAPTIVE (the default),
   * LRU and LRU+TTL; ADAPTIVE then sizes its window and main space in weight.
   * A full cache evicts by its policy until the new total fits. An entry heavier than the
   * maximum (of its stripe, where {@link #stripes(int)} splits it) is stored and evicted at once,
   * with cause {@link RemovalCause#SIZE}, evicting nothing else: its put or load still returns,
   * and the cache does not keep it.
   *
   * @param maximumWeight the maximum total weight, zero or more
   * @return this builder
   * @throws IllegalArgumentException if {@code maximumWeight < 0}
   */
  public CacheBuilder<K, V> maximumWeight(long maximumWeight) {
    this.maximumWeight = CacheSettings.requireMaximumWeight(maximumWeight);
    return this;
  }

  /**
   * Sets the weigher of a cache bounded by {@link #maximumWeight(long)}. It runs on the thread
   * that stores a value (a put, or a load once its loader returns), never with a lock held; a
   * negative weight makes that put or load throw {@link IllegalArgumentException}. A put of a
   * mapped key in a weighted cache always takes its stripe's lock, since the new weight may call
   * for evictions.
   *
   * @param weigher the weigher
   * @param <K1> the key type of the caches built from now on
   * @param <V1> the value type of the caches built from now on
   * @return this builder, typed for the weigher
   * @throws NullPointerException if {@code weigher} is null
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> weigher(
      Weigher<? super K1, ? super V1> weigher) {
    CacheBuilder<K1, V1> self = (CacheBuilder<K1, V1>) this;
    self.weigher = Objects.requireNonNull(weigher, "weigher");
    return self;
  }

  /**
   * Turns on prompt expiry (off by default): one virtual thread per cache sleeps until the next
   * entry's deadline and reclaims what has expired, so that {@link RemovalCause#EXPIRED}
   * listeners run without any read or write of the cache, at most one sleep's overshoot (about a
   * millisecond on an idle machine) plus one {@link Cache#cleanUp()} after the deadline. Needs a
   * {@linkplain #ttl time to live} (ADAPTIVE, TTL, LRU+TTL), {@link #expireAfterAccess} or {@link
   * #expireAfter}. With deadlines per entry, the thread sleeps until the earliest deadline it
   * found at its last look (or earlier: the timer wheel gives a lower bound), and a write or read
   * that sets a still earlier deadline wakes it (see {@link Sleeper}). Without prompt
   * expiry, expired entries are invisible at once and reclaimed by writes and {@code cleanUp()}.
   *
   * <p>The thread holds the cache weakly and never sleeps longer than a second (nor than the
   * time to live): once the cache is no longer reachable and has been collected, its thread ends
   * within that second. There is nothing to close.
   *
   * @return this builder
   */
  public CacheBuilder<K, V> promptExpiry() {
    return promptExpiry(Sleeper.system());
  }

  /**
   * Turns on prompt expiry (see {@link #promptExpiry()}) with a sleeper of its own, which tests
   * give together with a manual {@link #ticker(Ticker)}.
   *
   * @param sleeper how the thread waits for the next deadline
   * @return this builder
   * @throws NullPointerException if {@code sleeper} is null
   */
  public CacheBuilder<K, V> promptExpiry(Sleeper sleeper) {
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    return this;
  }

  /**
   * Sets the time to live after each write: an entry is visible until then, and a miss from its
   * deadline on. Required for TTL and LRU+TTL, optional for ADAPTIVE (the default policy), not
   * accepted by LRU or LFU. It excludes {@link #expireAfterAccess} and {@link #expireAfter}.
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
   * Makes every read or write of an entry restart its time to live: an entry expires {@code
   * duration} after its last use. A use is a write (a put, a load, a refresh, the map view's
   * updates) or a hit ({@code get}, the hit of {@code computeIfAbsent}, a {@link LoadingCache}'s
   * {@code get} and {@code getAll}); {@code containsKey} and the map view's reads are not. An entry
   * is visible while less than {@code duration} has passed since its last use, never at or after
   * that, exactly: a hit never returns an entry expired at the time of the read.
   *
   * <p>Policy {@link Policy#LRU} only, which is the default with it; a capacity is then optional
   * (without one, and without {@link #maximumWeight}, the cache is unbounded). It excludes a
   * {@link #ttl(Duration)} and {@link #expireAfter(Expiry)}: {@link #build()} throws {@link
   * IllegalStateException} naming both. With one duration for every entry, the order of last use
   * is the order of expiry, so each stripe keeps one access-ordered list for both eviction and
   * expiry: O(1) per operation. Expired entries are reclaimed, with cause {@link
   * RemovalCause#EXPIRED}, by the stripe's writes and by {@link Cache#cleanUp()}, or at their
   * deadline with {@link #promptExpiry()}. Every put takes its stripe's lock, since it moves the
   * entry's deadline.
   *
   * @param duration a positive duration
   * @return this builder
   * @throws NullPointerException if {@code duration} is null
   * @throws IllegalArgumentException if {@code duration} is zero or negative
   */
  public CacheBuilder<K, V> expireAfterAccess(Duration duration) {
    this.expireAfterAccess = CacheSettings.requirePositive(duration, "expireAfterAccess");
    return this;
  }

  /**
   * Gives each entry a time to live of its own, from {@code expiry}: after it is created, after
   * each update and after each hit (see {@link Expiry} for what each method is asked, when, and
   * what a zero, negative or huge duration means). An entry is visible exactly until its
   * deadline: a hit never returns an entry whose deadline has passed, even before it is
   * reclaimed. A hit's new duration applies at once to every later read; the stripe's timer wheel
   * takes it at its next write or drain.
   *
   * <p>Policy {@link Policy#LRU} only, which is the default with it; a capacity is then optional.
   * It excludes {@link #ttl(Duration)} and {@link #expireAfterAccess(Duration)}: {@link #build()}
   * throws {@link IllegalStateException} naming both. Each stripe keeps its deadlines in a
   * hierarchical timer wheel (buckets of about 1 ms, 67 ms, 4.3 s, 4.6 min and 4.9 h, and one for
   * later deadlines): O(1) amortised per operation. Expired entries are reclaimed, with cause
   * {@link RemovalCause#EXPIRED}, by the stripe's writes and by {@link Cache#cleanUp()}, or with
   * {@link #promptExpiry()} by its thread, which sleeps until the earliest deadline it knows of and
   * at most a second. Every put takes its stripe's lock.
   *
   * @param expiry the per-entry expiry
   * @param <K1> the key type of the caches built from now on
   * @param <V1> the value type of the caches built from now on
   * @return this builder, typed for the expiry
   * @throws NullPointerException if {@code expiry} is null
   */
  @SuppressWarnings("unchecked")
  public <K1 extends K, V1 extends V> CacheBuilder<K1, V1> expireAfter(
      Expiry<? super K1, ? super V1> expiry) {
    CacheBuilder<K1, V1> self = (CacheBuilder<K1, V1>) this;
    self.expiry = Objects.requireNonNull(expiry, "expiry");
    return self;
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
   * Makes reads of an entry written at least {@code interval} ago start a background reload of it
   * (see {@link LoadingCache}): the read returns the current value at once. Needs a loader: only
   * {@link #build(CacheLoader)} accepts it. Default: no refresh. With a time to live, an entry
   * that has expired is loaded, not refreshed, so a useful interval is shorter than the ttl (or
   * than the expiry of {@link #expireAfterAccess} or an {@link Expiry}). In a cache bounded by
   * {@link #maximumWeight}, a reloaded value is weighed as a put's is and replaces the entry with
   * its new weight: a heavier value evicts others, one heavier than the maximum is evicted at once.
   *
   * @param interval a positive duration
   * @return this builder
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if {@code interval} is zero or negative
   */
  public CacheBuilder<K, V> refreshAfterWrite(Duration interval) {
    this.refreshAfterWrite = CacheSettings.requirePositive(interval, "refreshAfterWrite");
    return this;
  }

  /**
   * Builds a cache that loads with {@code loader}: {@link LoadingCache#get} loads a missing key,
   * {@link LoadingCache#getAll} loads the missing keys in one {@link CacheLoader#loadAll} call,
   * and with {@link #refreshAfterWrite} reads refresh stale entries in the background. The
   * builder may be used again afterwards.
   *
   * <pre>{@code
   * LoadingCache<Long, User> users = CacheBuilder.newBuilder()
   *     .capacity(10_000)
   *     .refreshAfterWrite(Duration.ofMinutes(1))
   *     .build(id -> userService.find(id));
   * User u = users.get(42L);   // loads on a miss; a stale hit is refreshed in the background
   * }</pre>
   *
   * @param loader computes values; see {@link CacheLoader}
   * @param <K1> the key type
   * @param <V1> the value type
   * @return a new, empty loading cache
   * @throws NullPointerException if {@code loader} is null
   * @throws IllegalStateException if the settings do not fit the policy (as for {@link #build()})
   */
  public <K1 extends K, V1 extends V> LoadingCache<K1, V1> build(
      CacheLoader<? super K1, V1> loader) {
    Objects.requireNonNull(loader, "loader");
    CacheSettings<K1, V1> settings = settings();
    if (refreshAfterWrite != null) {
      settings = settings.withRefresh(refreshAfterWrite);
    }
    @SuppressWarnings("unchecked") // it loads K1s; what it returns for extra keys is stored as is
    CacheLoader<K1, V1> typed = (CacheLoader<K1, V1>) loader;
    return new DefaultLoadingCache<>(settings, typed);
  }

  /**
   * Builds a cache with these settings. The builder may be used again afterwards.
   *
   * @param <K1> the key type
   * @param <V1> the value type
   * @return a new, empty cache
   * @throws IllegalStateException if the settings do not fit the policy (no capacity for
   *     ADAPTIVE, LRU, LFU or LRU+TTL; no ttl for TTL or LRU+TTL; a ttl with LRU or LFU; more
   *     stripes than capacity; a maximum weight without a weigher or the reverse, or with a
   *     capacity, or with LFU or TTL; prompt expiry without a ttl or an expiry per entry; {@link
   *     #expireAfterAccess} or {@link #expireAfter} with a ttl, with each other, or with a policy
   *     other than LRU; {@link #refreshAfterWrite} without a loader)
   */
  public <K1 extends K, V1 extends V> Cache<K1, V1> build() {
    if (refreshAfterWrite != null) {
      throw new IllegalStateException(
          "refreshAfterWrite needs a loader to reload with: call build(CacheLoader)");
    }
    CacheSettings<K1, V1> settings = settings();
    return switch (settings.policy()) {
      case ADAPTIVE -> new AdaptiveCache<>(settings);
      case LRU -> new LruCache<>(settings);
      case LFU -> new LfuCache<>(settings);
      case TTL -> new TtlCache<>(settings);
      case LRU_TTL -> new LruTtlCache<>(settings);
    };
  }

  private <K1 extends K, V1 extends V> CacheSettings<K1, V1> settings() {
    @SuppressWarnings("unchecked")
    RemovalListener<? super K1, ? super V1> typedListener =
        (RemovalListener<? super K1, ? super V1>) removalListener;
    @SuppressWarnings("unchecked")
    Weigher<? super K1, ? super V1> typedWeigher = (Weigher<? super K1, ? super V1>) weigher;
    @SuppressWarnings("unchecked")
    Expiry<? super K1, ? super V1> typedExpiry = (Expiry<? super K1, ? super V1>) expiry;
    return CacheSettings.of(
            policy,
            capacity,
            ttl,
            stripes,
            ticker,
            typedListener,
            recordStats,
            loadTimeout,
            loadEngine,
            maximumWeight,
            typedWeigher,
            sleeper,
            expireAfterAccess,
            typedExpiry);
  }
}
