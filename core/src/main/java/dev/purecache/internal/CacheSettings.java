package dev.purecache.internal;

import dev.purecache.CacheInfo;
import dev.purecache.Expiry;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.RemovalListener;
import dev.purecache.Sleeper;
import dev.purecache.Ticker;
import dev.purecache.Weigher;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The validated, defaulted settings of one cache. Public only for the builder and backends of
 * {@code dev.purecache}; this package is not exported.
 *
 * @param policy the eviction policy
 * @param capacity the maximum number of entries, or {@link #UNBOUNDED}
 * @param ttlNanos the time to live in nanoseconds, or 0 for none
 * @param stripes the stripe count, a power of two
 * @param ticker the time source
 * @param listener the removal listener, or {@code null}
 * @param recordStats whether statistics are counted
 * @param loadTimeout the load timeout, or {@code null}
 * @param engine the load engine
 * @param maximumWeight the maximum total weight, or {@link #NO_MAXIMUM_WEIGHT}
 * @param weigher the weigher of a cache bounded by weight, or {@code null}
 * @param sleeper the sleeper of the thread of prompt expiry, or {@code null} where it is off
 * @param refreshNanos the refresh interval after write in nanoseconds, or 0 for none
 * @param accessNanos the time to live after each read or write in nanoseconds (expire after
 *     access), or 0 for none
 * @param expiry the per-entry expiry, or {@code null} for none
 * @param <K> the key type
 * @param <V> the value type
 */
public record CacheSettings<K, V>(
    Policy policy,
    int capacity,
    long ttlNanos,
    int stripes,
    Ticker ticker,
    RemovalListener<? super K, ? super V> listener,
    boolean recordStats,
    Duration loadTimeout,
    LoadEngine engine,
    long maximumWeight,
    Weigher<? super K, ? super V> weigher,
    Sleeper sleeper,
    long refreshNanos,
    long accessNanos,
    Expiry<? super K, ? super V> expiry) {

  /** The maximum weight of a cache not bounded by weight. */
  public static final long NO_MAXIMUM_WEIGHT = -1;

  /** The capacity of a cache without a size bound. */
  public static final int UNBOUNDED = Integer.MAX_VALUE;

  /** The largest stripe count. */
  public static final int MAX_STRIPES = 1 << 16;

  /** Capacities up to this get one stripe, and so an exact policy, by default. */
  static final int EXACT_CAPACITY = 1024;

  /** Above {@link #EXACT_CAPACITY}, the default stripe count gives each stripe about this many. */
  static final int ENTRIES_PER_STRIPE = 256;

  /** The largest default stripe count. */
  static final int MAX_DEFAULT_STRIPES = 256;

  /** The default stripe count of a cache without a size bound. */
  static final int UNBOUNDED_STRIPES = 16;

  /**
   * Validates and completes a set of settings; {@code capacity} and {@code stripes} may be
   * {@code -1} (not set), {@code policy}, {@code ttl}, {@code loadTimeout}, {@code engine} and
   * {@code listener} may be null (not set).
   *
   * @throws IllegalStateException if the settings do not fit the policy
   */
  public static <K, V> CacheSettings<K, V> of(
      Policy policy,
      int capacity,
      Duration ttl,
      int stripes,
      Ticker ticker,
      RemovalListener<? super K, ? super V> listener,
      boolean recordStats,
      Duration loadTimeout,
      LoadEngine engine) {
    return of(
        policy, capacity, ttl, stripes, ticker, listener, recordStats, loadTimeout, engine,
        NO_MAXIMUM_WEIGHT, null, null);
  }

  /**
   * Validates and completes a set of settings, as {@link #of(Policy, int, Duration, int, Ticker,
   * RemovalListener, boolean, Duration, LoadEngine)} does, with a bound by weight: {@code
   * maximumWeight} may be {@link #NO_MAXIMUM_WEIGHT} and {@code weigher} null (not set). A
   * weighted cache's default policy is ADAPTIVE, as any other's; it has one stripe unless {@code
   * stripes} is set, and its maximum weight is then split evenly over the stripes, as a capacity
   * is.
   *
   * <p>{@code sleeper}, if not null, turns prompt expiry on (see {@link PromptExpiry}).
   *
   * @throws IllegalStateException if the settings do not fit the policy, or only one of {@code
   *     maximumWeight} and {@code weigher} is set, or both a capacity and a maximum weight are, or
   *     prompt expiry is asked of a cache without expiry
   */
  public static <K, V> CacheSettings<K, V> of(
      Policy policy,
      int capacity,
      Duration ttl,
      int stripes,
      Ticker ticker,
      RemovalListener<? super K, ? super V> listener,
      boolean recordStats,
      Duration loadTimeout,
      LoadEngine engine,
      long maximumWeight,
      Weigher<? super K, ? super V> weigher,
      Sleeper sleeper) {
    return of(
        policy, capacity, ttl, stripes, ticker, listener, recordStats, loadTimeout, engine,
        maximumWeight, weigher, sleeper, null, null);
  }

  /**
   * Validates and completes a set of settings, as {@link #of(Policy, int, Duration, int, Ticker,
   * RemovalListener, boolean, Duration, LoadEngine, long, Weigher, Sleeper)} does, with deadlines
   * per entry: {@code expireAfterAccess} and {@code expiry} may be null (not set). Either one
   * makes the default policy LRU, needs no capacity (the cache is then unbounded), and excludes a
   * ttl and the other one (see {@link #requireDeadlineSettings}).
   *
   * @throws IllegalStateException as the shorter form does, and if the deadline settings do not
   *     fit
   */
  public static <K, V> CacheSettings<K, V> of(
      Policy policy,
      int capacity,
      Duration ttl,
      int stripes,
      Ticker ticker,
      RemovalListener<? super K, ? super V> listener,
      boolean recordStats,
      Duration loadTimeout,
      LoadEngine engine,
      long maximumWeight,
      Weigher<? super K, ? super V> weigher,
      Sleeper sleeper,
      Duration expireAfterAccess,
      Expiry<? super K, ? super V> expiry) {
    Objects.requireNonNull(ticker, "ticker");
    boolean weighted = maximumWeight != NO_MAXIMUM_WEIGHT;
    boolean deadlines = expireAfterAccess != null || expiry != null;
    Policy chosen =
        policy != null
            ? policy
            : deadlines ? Policy.LRU : Policy.ADAPTIVE;
    boolean expiring = chosen == Policy.TTL || chosen == Policy.LRU_TTL;
    boolean mayExpire = expiring || chosen == Policy.ADAPTIVE;
    requireDeadlineSettings(chosen, ttl, expireAfterAccess, expiry);
    requireWeightSettings(chosen, capacity, maximumWeight, weigher);
    if (capacity < 0 && chosen != Policy.TTL && !weighted && !deadlines) {
      throw new IllegalStateException(
          chosen + " needs a capacity: call capacity(n), or maximumWeight(w) with weigher(...)");
    }
    if (expiring && !deadlines && ttl == null) {
      throw new IllegalStateException(chosen + " needs a time to live: call ttl(duration)");
    }
    if (sleeper != null && !deadlines && (!mayExpire || ttl == null)) {
      throw new IllegalStateException(
          "promptExpiry needs entries that expire: set a ttl (with Policy.ADAPTIVE, TTL or"
              + " LRU_TTL), or expireAfterAccess, or expireAfter(Expiry)");
    }
    if (!mayExpire && ttl != null) {
      throw new IllegalStateException(
          chosen + " does not expire entries; use Policy.ADAPTIVE, TTL or LRU_TTL with a ttl");
    }
    int bound = capacity < 0 ? UNBOUNDED : requireCapacity(capacity);
    int stripeCount =
        stripes >= 0 ? roundUpToPowerOfTwo(stripes) : weighted ? 1 : defaultStripes(chosen, bound);
    if (stripeCount > bound) {
      throw new IllegalStateException(
          "stripes (" + stripeCount + ") must not exceed the capacity (" + bound + ")");
    }
    long ttlNanos = ttl == null ? 0 : toNanos(requireTtl(ttl));
    return new CacheSettings<>(
        chosen,
        bound,
        ttlNanos,
        stripeCount,
        ticker,
        listener,
        recordStats,
        loadTimeout,
        engine != null ? engine : LoadEngines.defaultEngine(),
        maximumWeight,
        weigher,
        sleeper,
        0,
        expireAfterAccess == null ? 0 : toNanos(expireAfterAccess),
        expiry);
  }

  /**
   * Checks the deadline settings: expire after access and per-entry expiry each exclude a ttl
   * and each other (an entry has one rule for its deadline), and work with LRU only, whose
   * access order is the expiry order of expire after access and whose victims need no order of
   * their own beside a timer wheel.
   */
  private static void requireDeadlineSettings(
      Policy policy, Duration ttl, Duration expireAfterAccess, Expiry<?, ?> expiry) {
    if (expireAfterAccess != null && expiry != null) {
      throw new IllegalStateException(
          "expireAfterAccess and expireAfter(Expiry) exclude each other: set only one of them");
    }
    String what = expireAfterAccess != null ? "expireAfterAccess" : "expireAfter(Expiry)";
    if (expireAfterAccess == null && expiry == null) {
      return;
    }
    if (ttl != null) {
      throw new IllegalStateException(
          "ttl and " + what + " exclude each other: set only one of them");
    }
    if (policy != Policy.LRU) {
      throw new IllegalStateException(
          policy + " does not support " + what + "; use Policy.LRU (the default with it)");
    }
  }

  /** Whether entries carry deadlines of their own (expire after access, per-entry expiry). */
  boolean hasDeadlines() {
    return accessNanos != 0 || expiry != null;
  }

  /**
   * Checks that a bound by weight has both halves, is the only bound by size, and has a policy
   * that supports it: ADAPTIVE (whose regions are then sized in weight), LRU or LRU+TTL, whose
   * victims are the stripe's to count. LFU's frequency buckets and TTL's write order do not.
   */
  private static void requireWeightSettings(
      Policy policy, int capacity, long maximumWeight, Weigher<?, ?> weigher) {
    boolean weighted = maximumWeight != NO_MAXIMUM_WEIGHT;
    if (weighted && weigher == null) {
      throw new IllegalStateException("maximumWeight needs a weigher: call weigher(...)");
    }
    if (!weighted && weigher != null) {
      throw new IllegalStateException("a weigher needs a maximum weight: call maximumWeight(w)");
    }
    if (weighted && capacity >= 0) {
      throw new IllegalStateException(
          "capacity and maximumWeight are alternatives: set only one of them");
    }
    if (weighted && (policy == Policy.LFU || policy == Policy.TTL)) {
      throw new IllegalStateException(
          policy + " does not support maximumWeight; use Policy.ADAPTIVE, LRU or LRU_TTL");
    }
  }

  /**
   * Checks a maximum weight.
   *
   * @throws IllegalArgumentException if {@code maximumWeight < 0}
   */
  public static long requireMaximumWeight(long maximumWeight) {
    if (maximumWeight < 0) {
      throw new IllegalArgumentException("maximumWeight must be >= 0, was " + maximumWeight);
    }
    return maximumWeight;
  }

  /**
   * Returns these settings with reads refreshing entries written {@code refresh} ago or earlier
   * (a loading cache's {@code refreshAfterWrite}).
   *
   * @param refresh a positive duration
   * @return the settings with that refresh interval
   */
  public CacheSettings<K, V> withRefresh(Duration refresh) {
    long nanos = toNanos(requirePositive(refresh, "refreshAfterWrite"));
    return new CacheSettings<>(
        policy, capacity, ttlNanos, stripes, ticker, listener, recordStats, loadTimeout, engine,
        maximumWeight, weigher, sleeper, nanos, accessNanos, expiry);
  }

  /**
   * Checks a duration that must be positive.
   *
   * @throws NullPointerException if {@code d} is null
   * @throws IllegalArgumentException if {@code d} is zero or negative
   */
  public static Duration requirePositive(Duration d, String what) {
    java.util.Objects.requireNonNull(d, what);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
    return d;
  }

  /** Settings of a directly constructed backend: defaults for everything but these. */
  public static <K, V> CacheSettings<K, V> of(Policy policy, int capacity, Duration ttl) {
    return of(policy, capacity, ttl, -1, Ticker.system(), null, false, null, null);
  }

  /**
   * Checks a capacity.
   *
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static int requireCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    return capacity;
  }

  /**
   * Checks a time to live.
   *
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is zero or negative
   */
  public static Duration requireTtl(Duration ttl) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isZero() || ttl.isNegative()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    return ttl;
  }

  /**
   * LFU gets one stripe at any capacity: its order is global (the minimum frequency of the whole
   * cache), and per-stripe minima moved the hit ratio by up to 7.6 points on the OLTP trace at
   * 16,384 entries with 16 stripes. LRU orders split by hash stay within 0.07 points of exact
   * LRU on every trace and size of the benchmarks, with 256 entries per stripe.
   */
  static int defaultStripes(Policy policy, int capacity) {
    if (policy == Policy.LFU) {
      return 1;
    }
    if (capacity == UNBOUNDED) {
      return UNBOUNDED_STRIPES;
    }
    if (capacity <= EXACT_CAPACITY) {
      return 1;
    }
    return Math.min(MAX_DEFAULT_STRIPES, Integer.highestOneBit(capacity / ENTRIES_PER_STRIPE));
  }

  /**
   * Returns the stripe of {@code key} among {@code stripeMask + 1} stripes (a power of two): a
   * mix of its hash code, so that keys with nearby hash codes land in different stripes.
   *
   * @param key a key, not null
   * @param stripeMask the stripe count minus one
   * @return the stripe index, from 0 to {@code stripeMask}
   */
  static int stripeIndex(Object key, int stripeMask) {
    int h = key.hashCode();
    h = (h ^ (h >>> 16)) * 0x9E3779B9;
    return (h >>> 16) & stripeMask;
  }

  /**
   * Returns the stripes of a new cache, the capacity (or maximum weight) split evenly over them.
   */
  @SuppressWarnings("unchecked")
  Stripe<K, V>[] newStripes() {
    Stripe<K, V>[] created = (Stripe<K, V>[]) new Stripe<?, ?>[stripes];
    boolean unbounded = weigher == null && capacity == UNBOUNDED;
    long bound = weigher != null ? maximumWeight : capacity;
    for (int i = 0; i < stripes; i++) {
      long share = unbounded ? UNBOUNDED : bound / stripes + (i < bound % stripes ? 1 : 0);
      created[i] = new Stripe<>(newPolicy((int) Math.min(share, UNBOUNDED)), share);
    }
    return created;
  }

  /** Returns a new, empty instance of the policy, for one stripe. */
  private EvictionPolicy<K, V> newPolicy(int capacity) {
    return switch (policy) {
      case ADAPTIVE ->
          new AdaptivePolicy<>(Math.max(1, capacity), refreshNanos != 0, ttlNanos, weigher != null);
      case LRU ->
          accessNanos != 0
              ? new AccessExpiryPolicy<>(accessNanos, ticker)
              : expiry != null
                  ? new VariableExpiryPolicy<>(expiry, ticker.read())
                  : new LruPolicy<>(weigher != null, refreshNanos != 0);
      case LFU -> new LfuPolicy<>(refreshNanos != 0);
      case TTL -> new TtlPolicy<>(ttlNanos);
      case LRU_TTL -> new LruTtlPolicy<>(ttlNanos, weigher != null);
    };
  }

  /** Returns these settings as a cache reports them. */
  CacheInfo info() {
    return new CacheInfo(
        policy,
        capacity == UNBOUNDED ? OptionalInt.empty() : OptionalInt.of(capacity),
        ttlNanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(ttlNanos)),
        stripes,
        engine,
        Optional.ofNullable(loadTimeout),
        recordStats,
        weigher == null ? OptionalLong.empty() : OptionalLong.of(maximumWeight),
        sleeper != null,
        optionalNanos(refreshNanos),
        optionalNanos(accessNanos),
        expiry != null);
  }

  private static Optional<Duration> optionalNanos(long nanos) {
    return nanos == 0 ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  private static int roundUpToPowerOfTwo(int n) {
    int high = Integer.highestOneBit(n);
    return high == n ? n : high << 1;
  }

  private static long toNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
