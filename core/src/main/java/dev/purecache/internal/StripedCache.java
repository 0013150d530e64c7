package dev.purecache.internal;

import dev.purecache.Cache;
import dev.purecache.CacheInfo;
import dev.purecache.CacheLoader;
import dev.purecache.CacheStats;
import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import dev.purecache.Ticker;
import dev.purecache.Weigher;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The one implementation behind every backend: a concurrent map for lookups, striped locks, and a
 * sequential {@link EvictionPolicy} per stripe.
 *
 * <h2>Implementation overview</h2>
 *
 * Mappings live in one {@link ConcurrentHashMap} from key to {@link Node}; each key belongs to
 * one {@link Stripe} (by a mix of its hash), which owns the key's mapping, its node's place in
 * the stripe's policy, and its load in flight. All changes to a stripe's mappings are made with
 * its lock held, inside {@link Stripe#beginWrite()}/{@link Stripe#endWrite()}, with one
 * exception: a {@code put} of a mapped (for TTL and LRU+TTL, live) key swaps the value while it
 * holds a claimed slot of the stripe's hit buffer instead, which no write's drain can pass
 * (below).
 *
 * <p><b>Reads</b> ({@code get}, {@code containsKey}, the hit path of {@code computeIfAbsent})
 * take no lock in the common case: they read the stripe's sequence (even), look the key up,
 * read value and write time, and validate. A hit that changes the policy's order (LRU, LFU) is
 * validated by claiming a slot of the stripe's {@link HitBuffer}; the next write of that stripe
 * applies it before it decides anything, which is what keeps eviction exact and linearizable:
 * a read that returned a value counts before any later eviction. The read takes effect where its
 * hit takes its place, so it must still find the value it returns there: one that a lock-free
 * replace changed meanwhile retries. On a quiet stripe (no buffered hit, no lock holder) the
 * reader instead applies its hit to the policy at once, under the buffer's order word, which
 * excludes writes just as the claim's validation does. A read that finds a write in progress
 * spins and retries; one that finds the buffer full drains it if the lock is free, and retries.
 * Only after {@link #OPTIMISTIC_ATTEMPTS} failed attempts does a read take the lock. Under
 * {@link AdaptivePolicy} without expiry a read is the map's lookup and nothing else: it takes
 * effect there, the hit writes only the node's own state (and nothing once it is hot), and no
 * validation is needed, since every change of a mapping is made in the map under the lock before
 * it is reported.
 *
 * <p><b>Writes</b> reclaim the stripe's expired entries, then evict (policy victim first, the new
 * key never) until the new entry fits, then store it ({@link Entries}, which also keeps the
 * stripe's total weight where the cache has a {@link Weigher}). Removals are collected and given
 * to the listener after the lock is released. A {@code put} of a mapped (for TTL and LRU+TTL,
 * live) key first tries {@link LockFreeReplace}, which swaps the value without the lock, between
 * two writes of the stripe, and counts as a hit; with a weigher (a new weight may call for
 * evictions) or deadlines per entry (an update sets a new one), every put takes the lock.
 *
 * <p><b>Loads</b> live in {@link Loads}, which registers each key's {@link Flight} in its stripe
 * and decides its outcome; {@link LoadSide} holds the loading reads and gives it the mappings
 * side ({@link Loads.Mappings}). A {@code put} overtakes a flight of its key under the lock
 * ({@link Loads#overtakeLocked}); a {@code clear} detaches every flight so that it stores
 * nothing; a {@code remove} waits for a registered flight to settle, then removes what it stored
 * (a reload that no caller joined it drops instead). {@link Refreshes} starts reloads.
 *
 * <p><b>Lock order</b>: a thread holds at most one stripe lock, except {@link #size()} and
 * {@link #clear()}, which take all of them in ascending index order ({@link AllStripes}). No
 * loader, listener or waiting for a flight runs with a stripe lock held, and no drain waits on
 * user code: the only user code run under a lock is the {@link Ticker} and an {@code Expiry}'s
 * create and update, which must not block; a lock-free replace reads the ticker before it claims
 * its slot.
 *
 * <p>Public only so that the backends of {@code dev.purecache} can build it; the package is not
 * exported. It has {@link Cache}'s methods, with its contract, but does not implement the
 * interface: then the backends (one abstract class) are the interface's only implementation in a
 * program without a {@code LoadingCache}, and the JIT binds a call through {@code Cache} to them
 * and inlines it whether or not it has profiled the call's receivers yet.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StripedCache<K, V> {
  /**
   * Optimistic read attempts before a read takes the lock: a write in progress, or a full buffer
   * whose lock another thread holds, costs one attempt and a spin. Parking a reader is the last
   * resort: on a busy machine a parked reader waits for the scheduler, not for the cache.
   */
  private static final int OPTIMISTIC_ATTEMPTS = 64;

  private final CacheSettings<K, V> settings;
  final ConcurrentHashMap<Object, Node<K, V>> map;
  private final Stripe<K, V>[] stripes;
  /** {@code clear}, {@code size}, {@code cleanUp}: the operations over every stripe. */
  private final AllStripes<K, V> allStripes;
  private final int stripeMask;
  private final Ticker ticker;
  private final long ttlNanos;
  private final boolean ordersHits;
  /**
   * Whether a read is the map's lookup alone (ADAPTIVE): no expiry to check against the clock, and
   * no order a hit must reach before the next eviction, so nothing to validate.
   */
  private final boolean readsWithoutValidation;
  /**
   * Whether a lock-free replace also changes the write time (TTL, LRU+TTL): then nodes carry a
   * replace stamp, which lock-free reads of them validate.
   */
  private final boolean replacesTimedWithoutLock;
  private final LockFreeReplace<K, V> replaces;
  /**
   * Whether a put of a mapped key first tries {@link #replaces}: not with a weigher (a new weight
   * may call for evictions) nor where the policy moves replaced nodes (ADAPTIVE with a ttl).
   */
  private final boolean replacesWithoutLock;
  final Entries<K, V> entries;
  /** The weigher, or null: then each entry weighs 1 and puts of mapped keys may skip the lock. */
  final Weigher<? super K, ? super V> weigher;
  final StatsCounter stats;
  private final RemovalListener<? super K, ? super V> listener;
  final Loads<K, V> loads;
  private final LoadSide<K, V> side;
  private final MapView<K, V> view;
  /** The cache's own loader (a {@code LoadingCache}'s), or null. */
  final CacheLoader<K, V> loader;
  /** Whether {@link #loader} loads several keys in one call. */
  private final boolean bulk;
  /** Starts refreshes; null unless the cache has a loader of its own. */
  private final Refreshes<K, V> refreshes;
  /** {@link #refreshes} if reads refresh stale entries (refresh after write), else null. */
  final Refreshes<K, V> refreshOnRead;
  /** Whether entries carry times: a ttl, refresh after write, or deadlines ({@link ExpiryRule}). */
  private final boolean clocked;
  private final boolean deadlines; // a hit sets its new deadline before it validates (onRead)
  private final CacheInfo info;
  /** The removals of every operation when there is no listener: counted, never kept. */
  private final Removals<K, V> uncollected;

  /**
   * Creates an empty cache with these settings.
   *
   * @param settings the validated settings
   */
  public StripedCache(CacheSettings<K, V> settings) {
    this(settings, null, false);
  }

  /**
   * Creates an empty cache with these settings and a loader of its own.
   *
   * @param settings the validated settings; a refresh interval needs a {@code loader}
   * @param loader the loader for bulk loads and refreshes, or null
   * @param bulk whether {@code loader} loads several keys in one call (overrides {@code loadAll})
   */
  public StripedCache(CacheSettings<K, V> settings, CacheLoader<K, V> loader, boolean bulk) {
    this.settings = settings;
    this.deadlines = settings.hasDeadlines();
    this.clocked = settings.ttlNanos() != 0 || settings.refreshNanos() != 0 || deadlines;
    this.ticker = settings.ticker();
    this.ttlNanos = settings.ttlNanos();
    this.stats = new StatsCounter(settings.recordStats());
    this.listener = settings.listener();
    this.side = new LoadSide<>(this);
    this.loads = new Loads<>(side, settings, stats);
    this.view = new MapView<>(this, new Computes<>(loads, side));
    this.uncollected = Removals.counting(stats);
    this.stripes = settings.newStripes();
    this.stripeMask = stripes.length - 1;
    int capacity = settings.capacity();
    this.ordersHits = stripes[0].policy.ordersHits();
    this.readsWithoutValidation = !ordersHits && ttlNanos == 0;
    this.replacesTimedWithoutLock = stripes[0].policy.replacesTimedWithoutLock();
    int initial = capacity == CacheSettings.UNBOUNDED ? 16 : Math.min(capacity, 1 << 16);
    this.map = new ConcurrentHashMap<>(initial);
    this.replaces = new LockFreeReplace<>(
            map, ticker, ttlNanos, replacesTimedWithoutLock, clocked, readsWithoutValidation);
    PromptExpiry prompt =
        settings.sleeper() == null ? null : new PromptExpiry(settings.sleeper(), ticker, ttlNanos);
    this.entries = new Entries<>(map, ttlNanos, deadlines, deadlines ? prompt : null);
    this.weigher = settings.weigher();
    this.replacesWithoutLock = weigher == null && stripes[0].policy.replacesWithoutLock();
    this.loader = loader;
    this.bulk = bulk;
    this.refreshes = loader == null ? null : new Refreshes<>(map, settings, loads, loader);
    this.refreshOnRead = settings.refreshNanos() == 0 ? null : refreshes;
    this.info = settings.info();
    this.allStripes = new AllStripes<>(this, stripes, ticker, ttlNanos);
    if (prompt != null) { // last: the thread may use this cache at once
      prompt.start(this);
    }
  }

  // ---------------------------------------------------------------- reads

  public V get(K key) {
    Objects.requireNonNull(key, "key");
    V value = readsWithoutValidation ? readUnvalidated(key, true) : read(key, stripeOf(key), true);
    if (stats.enabled) { // tested here: without statistics a hit makes no call at all
      recordLookup(value);
    }
    return value;
  }

  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    return read(key, stripeOf(key), false) != null;
  }

  /**
   * Returns the live value of {@code key} or null; with {@code recordHit}, a hit counts for the
   * policy. Lock-free unless a write in progress or a full hit buffer outlasts {@link
   * #OPTIMISTIC_ATTEMPTS} attempts.
   */
  V read(Object key, Stripe<K, V> stripe, boolean recordHit) {
    if (readsWithoutValidation) {
      return readUnvalidated(key, recordHit);
    }
    for (int attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
      int stamp = stripe.sequence();
      if ((stamp & 1) != 0) {
        Thread.onSpinWait(); // a write is in progress; it is short
        continue;
      }
      Node<K, V> node = map.get(key);
      V value;
      if (node == null) {
        value = null;
      } else if (!replacesTimedWithoutLock) {
        value = liveValue(node);
      } else {
        int replaces = node.replaceStamp();
        value = liveValue(node);
        if (!node.unchangedSince(replaces)) {
          Thread.onSpinWait(); // a lock-free replace of this key is in progress; it is short
          continue;
        }
      }
      if (deadlines && value != null && recordHit) {
        stripe.policy.onRead(node, ticker.read()); // before validating: a retry redoes it
      }
      if (value == null || !recordHit || !ordersHits) {
        if (stripe.sequence() == stamp) {
          if (value != null && recordHit) {
            stripe.policy.onHitWithoutLock(node); // ADAPTIVE with a ttl; a no-op for TTL
          }
          return value;
        }
        continue;
      }
      int outcome = stripe.hitBuffer.offer(node, value, stripe, stamp);
      if (outcome == HitBuffer.RECORDED) {
        readDeadline(node);
        return value;
      }
      if (outcome == HitBuffer.RECORDED_DRAIN) {
        stripe.tryDrainHits();
        readDeadline(node);
        return value;
      }
      if (outcome == HitBuffer.FULL && !stripe.tryDrainHits()) {
        Thread.onSpinWait(); // another thread holds the lock, most likely draining: wait it out
      }
    }
    return lockedRead(key, stripe, recordHit);
  }

  /**
   * After a hit is recorded (so that whoever drains the stripe's buffer next reschedules the node
   * by the deadline its reader set), tells prompt expiry of that deadline if entries have their
   * own.
   */
  private void readDeadline(Node<K, V> node) {
    if (deadlines) {
      entries.deadlineSet(node);
    }
  }

  /**
   * A read that is the map's lookup alone (ADAPTIVE): a hit writes only the node's own state, so
   * the node records it ({@link ClockNode#recordHit}), and the key's stripe is not needed.
   */
  private V readUnvalidated(Object key, boolean recordHit) {
    Node<K, V> node = map.get(key);
    if (node == null) {
      return null;
    }
    if (recordHit) {
      ((ClockNode<K, V>) node).recordHit(); // the policy's onHitWithoutLock, bound statically
    }
    return node.value;
  }

  private V lockedRead(Object key, Stripe<K, V> stripe, boolean recordHit) {
    stripe.lock();
    try {
      if (recordHit) {
        return side.hitLocked(stripe, key);
      }
      Node<K, V> node = map.get(key);
      return node == null ? null : liveValueLocked(stripe, node);
    } finally {
      stripe.unlock();
    }
  }

  /** Returns the value of a mapped node if it is live now, else null; validated by the caller. */
  private V liveValue(Node<K, V> node) {
    V value = node.value;
    return value != null && isExpired(node, now()) ? null : value;
  }

  /**
   * Returns the value of a mapped node if it is live now, else null; the caller holds the stripe
   * lock but is not inside a write, so a lock-free replace of the node may run meanwhile (TTL,
   * LRU+TTL). If one does, this reads inside an empty write instead of waiting for it: a replace
   * that has claimed its hit-buffer slot is past its clock read, and the write's drain waits the
   * few instructions until it is done; one that has not will find the sequence moved and give up.
   * Either way the value and write time read then belong together.
   */
  V liveValueLocked(Stripe<K, V> stripe, Node<K, V> node) {
    assert stripe.isHeldByCurrentThread();
    if (!replacesTimedWithoutLock) {
      return liveValue(node);
    }
    int replaces = node.replaceStamp();
    V value = liveValue(node);
    if (node.unchangedSince(replaces)) {
      return value;
    }
    stripe.beginWrite();
    try {
      return liveValue(node);
    } finally {
      stripe.endWrite();
    }
  }

  // ---------------------------------------------------------------- writes

  public void put(K key, V value) {
    write(key, value);
  }

  /**
   * A {@code put} that returns the live value it replaced, or null (for the map view). A put of a
   * mapped key first tries the lock-free replace, which does nothing more unless a listener wants
   * the replaced value (no removals object, no weighing, no JFR check); the rest is {@link
   * #writeLocked}.
   */
  V write(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Stripe<K, V> stripe = stripeOf(key);
    if (replacesWithoutLock) {
      V replaced = replaces.tryReplace(stripe, key, value);
      if (replaced != null) {
        if (listener != null) { // a REPLACED removal is no eviction: nothing to count or record
          reportReplaced(key, replaced);
        }
        return replaced;
      }
    }
    return writeLocked(stripe, key, value);
  }

  private void reportReplaced(K key, V replaced) {
    Removals<K, V> removals = newRemovals();
    removals.add(key, replaced, RemovalCause.REPLACED);
    afterWrite(removals);
  }

  /** The put of {@link #write} under the stripe lock: an insert, or an overwrite. */
  private V writeLocked(Stripe<K, V> stripe, K key, V value) {
    Removals<K, V> removals = newRemovals();
    int weight = Weights.weigh(weigher, key, value);
    V old = null;
    Flight<K, V> overtaken;
    stripe.lock();
    try {
      stripe.beginWrite();
      try {
        long now = now();
        entries.reclaimExpired(stripe, now, removals);
        Node<K, V> node = map.get(key);
        if (node == null) {
          node = entries.insert(stripe, key, value, weight, now, removals);
        } else {
          old = node.value;
          entries.overwrite(stripe, node, value, weight, now, removals);
        }
        overtaken = loads.overtakeLocked(stripe, key, node);
        entries.settle(stripe, node, removals);
      } finally {
        stripe.endWrite();
      }
    } finally {
      stripe.unlock();
    }
    afterWrite(removals);
    loads.answerOvertaken(overtaken, value);
    return old;
  }

  /** Returns the live value of {@code key}, or null, without counting a hit (the map view). */
  V peek(Object key) {
    return read(key, stripeOf(key), false);
  }

  /** Returns the entries of the map, weakly consistent (the map view's iteration). */
  java.util.Iterator<Node<K, V>> nodes() {
    return map.values().iterator();
  }

  public java.util.concurrent.ConcurrentMap<K, V> asMap() {
    return view;
  }

  public V remove(K key) {
    Objects.requireNonNull(key, "key");
    Stripe<K, V> stripe = stripeOf(key);
    for (; ; ) {
      Flight<K, V> inFlight;
      Flight<K, V> dropped = null;
      V removed = null;
      Removals<K, V> removals = newRemovals();
      stripe.lock();
      try {
        inFlight = stripe.flight(key);
        if (inFlight != null && loads.dropReloadLocked(inFlight)) {
          dropped = inFlight;
          inFlight = null;
        }
        if (inFlight == null) {
          removed = removeLocked(stripe, key, removals);
        } else if (inFlight.isAncestorOfCurrentThread()) {
          throw LoadWait.recursiveLoad(key);
        }
      } finally {
        stripe.unlock();
      }
      if (inFlight == null) {
        afterWrite(removals);
        loads.answerDropped(dropped);
        return removed;
      }
      loads.awaitSettled(inFlight);
    }
  }

  private V removeLocked(Stripe<K, V> stripe, Object key, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    Node<K, V> node = map.get(key);
    if (node == null) {
      return null;
    }
    stripe.beginWrite();
    try {
      entries.unlink(stripe, node);
    } finally {
      stripe.endWrite();
    }
    if (isExpired(node, now())) {
      removals.add(node.key, node.value, RemovalCause.EXPIRED);
      return null;
    }
    removals.add(node.key, node.value, RemovalCause.EXPLICIT);
    return node.value;
  }

  public void clear() {
    allStripes.clear();
  }

  public int size() {
    return allStripes.size();
  }

  public void cleanUp() {
    allStripes.cleanUp();
  }

  public CacheStats stats() {
    return stats.snapshot();
  }

  /** Nanoseconds until the next entry expires, 0 if one has, MAX_VALUE if none: PromptExpiry. */
  long nanosUntilNextExpiry() {
    return allStripes.nanosUntilNextExpiry();
  }

  void afterWrite(Removals<K, V> removals) {
    removals.commitEvictionEvents(settings.policy());
    removals.deliver(listener);
  }

  Removals<K, V> newRemovals() {
    boolean events = EvictionEvent.enabled();
    return listener == null && !events ? uncollected : Removals.collecting(stats, events);
  }

  // ---------------------------------------------------------------- loads

  public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    boolean lookupAlone = readsWithoutValidation && refreshOnRead == null; // ADAPTIVE's hit
    V value = lookupAlone ? readUnvalidated(key, true) : side.hit(stripeOf(key), key);
    if (value != null) {
      if (lookupAlone && stats.enabled) {
        stats.hit(); // side.hit counts its own
      }
      return value;
    }
    return loads.load(stripeOf(key), key, loader::apply); // no wrapper on a hit
  }

  /**
   * Returns the value of {@code key}, loading it with the cache's own loader on a miss (see
   * {@code LoadingCache.get}).
   *
   * @param key the key
   * @return the current or loaded value, or null if the loader returned null
   */
  public V load(K key) {
    Objects.requireNonNull(key, "key");
    return side.getOrLoad(key, loader);
  }

  /**
   * Returns the values of {@code keys}, loading the missing ones with the cache's loader in one
   * bulk load (see {@code LoadingCache.getAll}).
   *
   * @param keys the keys
   * @return an unmodifiable map of the keys with a value, in the order of {@code keys}
   */
  public Map<K, V> getAll(Collection<? extends K> keys) {
    return side.getAll(keys, loader, bulk);
  }

  /**
   * Starts a refresh of {@code key} (see {@code LoadingCache.refresh}).
   *
   * @param key the key
   */
  public void refresh(K key) {
    Objects.requireNonNull(key, "key");
    refreshes.refresh(stripeOf(key), key);
  }

  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(loader, "loader");
    return side.getAll(keys, loader::apply, false);
  }

  // ---------------------------------------------------------------- helpers

  Stripe<K, V> stripeOf(Object key) {
    return stripes[CacheSettings.stripeIndex(key, stripeMask)];
  }

  long now() {
    return clocked ? ticker.read() : 0;
  }

  boolean isExpired(Node<K, V> node, long now) {
    return ExpiryRule.isExpired(node, now, ttlNanos, deadlines);
  }

  void recordLookup(V value) {
    if (value != null) {
      stats.hit();
    } else {
      stats.miss();
    }
  }

  public CacheInfo info() {
    return info;
  }

  @Override
  public String toString() {
    return info.toString();
  }
}
