package dev.purecache.internal;

import dev.purecache.Cache;
import dev.purecache.CacheInfo;
import dev.purecache.CacheStats;
import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import dev.purecache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
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
 * a read that returned a value counts before any later eviction. A read that finds a write in
 * progress spins and retries; one that finds the buffer full drains it if the lock is free, and
 * retries. Only after {@link #OPTIMISTIC_ATTEMPTS} failed attempts does a read take the lock.
 * Under {@link AdaptivePolicy} without expiry a read is the map's lookup and nothing else: it
 * takes effect there, the hit writes only the node's own state (and nothing once it is hot), and
 * no validation is needed, since every change of a mapping is made in the map under the lock
 * before it is reported.
 *
 * <p><b>Writes</b> reclaim the stripe's expired entries, then evict (policy victim first, the new
 * key never) until the new entry fits, then store it. Removals are collected and given to the
 * listener after the lock is released. A {@code put} of a mapped (for TTL and LRU+TTL, live) key
 * first tries {@link LockFreeReplace}, which swaps the value without the lock, between two
 * writes of the stripe, and counts as a hit.
 *
 * <p><b>Loads</b> live in {@link Loads}, which registers each key's {@link Flight} in its stripe
 * and decides its outcome; this class is its mappings side ({@link Loads.Mappings}): a hit
 * under the lock, and the store of a loaded value. A {@code put} overtakes a flight of its key
 * under the lock ({@link Loads#overtakeLocked}); a {@code clear} detaches every flight so that
 * it stores nothing; a {@code remove} waits for a registered flight to settle, then removes what
 * it stored. The map view's atomic updates ({@link Computes}) are flights too.
 *
 * <p><b>Lock order</b>: a thread holds at most one stripe lock, except {@link #size()} and
 * {@link #clear()}, which take all of them in ascending index order. No loader, listener or
 * waiting for a flight ever runs with a stripe lock held, and no drain ever waits on user code:
 * the only user code read under a lock is the {@link Ticker}, which must not block, and a
 * lock-free replace reads it before it claims the hit-buffer slot a drain would wait for.
 *
 * <p>Public only so that the backends of {@code dev.purecache} can build it; the package is not
 * exported.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public final class StripedCache<K, V> implements Cache<K, V>, Loads.Mappings<K, V> {
  /**
   * Optimistic read attempts before a read takes the lock: a write in progress, or a full buffer
   * whose lock another thread holds, costs one attempt and a spin. Parking a reader is the last
   * resort: on a busy machine a parked reader waits for the scheduler, not for the cache.
   */
  private static final int OPTIMISTIC_ATTEMPTS = 64;

  /** The {@code expected} value of {@link #writeIfLocked} that any live value (or none) matches. */
  private static final Object ANY = new Object();

  private final CacheSettings<K, V> settings;
  private final ConcurrentHashMap<Object, Node<K, V>> map;
  private final Stripe<K, V>[] stripes;
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
  private final StatsCounter stats;
  private final RemovalListener<? super K, ? super V> listener;
  private final Loads<K, V> loads;
  private final CacheInfo info;
  /** The removals of every operation when there is no listener: counted, never kept. */
  private final Removals<K, V> uncollected;
  private final MapView<K, V> view;

  /**
   * Creates an empty cache with these settings.
   *
   * @param settings the validated settings
   */
  public StripedCache(CacheSettings<K, V> settings) {
    this.settings = settings;
    this.ticker = settings.ticker();
    this.ttlNanos = settings.ttlNanos();
    this.stats = new StatsCounter(settings.recordStats());
    this.listener = settings.listener();
    this.loads = new Loads<>(this, settings, stats);
    this.view = new MapView<>(this, new Computes<>(loads, this));
    this.uncollected = Removals.counting(stats);
    this.stripes = settings.newStripes();
    this.stripeMask = stripes.length - 1;
    int capacity = settings.capacity();
    this.ordersHits = stripes[0].policy.ordersHits();
    this.readsWithoutValidation = !ordersHits && ttlNanos == 0;
    this.replacesTimedWithoutLock = stripes[0].policy.replacesTimedWithoutLock();
    int initial = capacity == CacheSettings.UNBOUNDED ? 16 : Math.min(capacity, 1 << 16);
    this.map = new ConcurrentHashMap<>(initial);
    this.replaces = new LockFreeReplace<>(map, ticker, ttlNanos, replacesTimedWithoutLock);
    this.info = settings.info();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    V value = read(key, stripeOf(key), true);
    stats.lookup(value);
    return value;
  }

  @Override
  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    return peek(key) != null;
  }

  /** Returns the live value of {@code key}, or null, recording no hit: the map view's reads. */
  V peek(Object key) {
    return read(key, stripeOf(key), false);
  }

  /**
   * Returns the live value of {@code key} or null; with {@code recordHit}, a hit counts for the
   * policy. Lock-free unless a write in progress or a full hit buffer outlasts {@link
   * #OPTIMISTIC_ATTEMPTS} attempts.
   */
  private V read(Object key, Stripe<K, V> stripe, boolean recordHit) {
    if (readsWithoutValidation) {
      Node<K, V> node = map.get(key);
      if (node == null) {
        return null;
      }
      if (recordHit) {
        stripe.policy.onHitWithoutLock(node);
      }
      return node.value;
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
      if (value == null || !recordHit || !ordersHits) {
        if (stripe.sequence() == stamp) {
          return value;
        }
        continue;
      }
      int outcome = stripe.hitBuffer.offer(node, stripe, stamp);
      if (outcome == HitBuffer.RECORDED) {
        return value;
      }
      if (outcome == HitBuffer.RECORDED_DRAIN) {
        stripe.tryDrainHits();
        return value;
      }
      if (outcome == HitBuffer.FULL && !stripe.tryDrainHits()) {
        Thread.onSpinWait(); // another thread holds the lock, most likely draining: wait it out
      }
    }
    return lockedRead(key, stripe, recordHit);
  }

  private V lockedRead(Object key, Stripe<K, V> stripe, boolean recordHit) {
    stripe.lock();
    try {
      if (recordHit) {
        return hitLocked(stripe, key);
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
  private V liveValueLocked(Stripe<K, V> stripe, Node<K, V> node) {
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

  @Override
  public void put(K key, V value) {
    write(key, value);
  }

  /** A {@link #put} that returns the live value it replaced, or null: the map view's put. */
  V write(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Stripe<K, V> stripe = stripeOf(key);
    Removals<K, V> removals = newRemovals();
    V old = replaces.tryReplace(stripe, key, value);
    if (old != null) {
      removals.add(key, old, RemovalCause.REPLACED);
      afterWrite(removals);
      return old;
    }
    Flight<K, V> overtaken;
    stripe.lock();
    try {
      old = writeIfLocked(stripe, key, ANY, value, removals);
      overtaken = loads.overtakeLocked(stripe, key, map.get(key));
    } finally {
      stripe.unlock();
    }
    afterWrite(removals);
    loads.answerOvertaken(overtaken, value);
    return old;
  }

  @Override
  public V remove(K key) {
    Objects.requireNonNull(key, "key");
    Stripe<K, V> stripe = stripeOf(key);
    for (; ; ) {
      Flight<K, V> inFlight;
      V removed = null;
      Removals<K, V> removals = newRemovals();
      stripe.lock();
      try {
        inFlight = stripe.flight(key);
        if (inFlight == null) {
          removed = writeIfLocked(stripe, key, ANY, null, removals);
        } else if (inFlight.isAncestorOfCurrentThread()) {
          throw Loads.recursiveLoad(key);
        }
      } finally {
        stripe.unlock();
      }
      if (inFlight == null) {
        afterWrite(removals);
        return removed;
      }
      loads.awaitSettled(inFlight);
    }
  }

  @Override
  public void clear() {
    Removals<K, V> removals = newRemovals();
    lockAll();
    try {
      long now = now();
      for (Stripe<K, V> stripe : stripes) {
        stripe.beginWrite();
        try {
          reclaimExpired(stripe, now, removals);
          for (Node<K, V> node; (node = stripe.policy.victim()) != null; ) {
            unlink(stripe, node);
            removals.add(node.key, node.value, RemovalCause.EXPLICIT);
          }
          stripe.detachFlights();
        } finally {
          stripe.endWrite();
        }
      }
    } finally {
      unlockAll();
    }
    afterWrite(removals);
  }

  @Override
  public int size() {
    Removals<K, V> removals = newRemovals();
    long live = 0;
    lockAll();
    try {
      long now = now();
      for (Stripe<K, V> stripe : stripes) {
        reclaimExpiredInWrite(stripe, now, removals);
        live += stripe.policy.size();
      }
    } finally {
      unlockAll();
    }
    afterWrite(removals);
    return (int) Math.min(live, Integer.MAX_VALUE);
  }

  @Override
  public void cleanUp() {
    Removals<K, V> removals = newRemovals();
    long now = now();
    for (Stripe<K, V> stripe : stripes) {
      stripe.lock();
      try {
        stripe.drainHits();
        reclaimExpiredInWrite(stripe, now, removals);
      } finally {
        stripe.unlock();
      }
    }
    afterWrite(removals);
  }

  @Override
  public CacheStats stats() {
    return stats.snapshot();
  }

  /** Reclaims the stripe's expired entries in a write of its own, if it may have any. */
  private void reclaimExpiredInWrite(Stripe<K, V> stripe, long now, Removals<K, V> removals) {
    if (ttlNanos != 0 && stripe.mayHoldExpired(now, ttlNanos)) {
      stripe.beginWrite();
      try {
        reclaimExpired(stripe, now, removals);
      } finally {
        stripe.endWrite();
      }
    }
  }

  /** Inside a write: unlinks every expired entry of the stripe, oldest first. */
  private void reclaimExpired(Stripe<K, V> stripe, long now, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    if (ttlNanos == 0) {
      return;
    }
    for (Node<K, V> node; (node = stripe.policy.expired(now)) != null; ) {
      unlink(stripe, node);
      removals.add(node.key, node.value, RemovalCause.EXPIRED);
    }
  }

  /** Inside a write: evicts until there is room, then links and returns a new entry. */
  private Node<K, V> insert(
      Stripe<K, V> stripe, K key, V value, long now, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    while (stripe.isFull()) {
      Node<K, V> victim = stripe.policy.victim();
      unlink(stripe, victim);
      removals.add(victim.key, victim.value, RemovalCause.SIZE);
    }
    Node<K, V> node = stripe.policy.newNode(key, value, now);
    map.put(key, node);
    stripe.policy.add(node);
    return node;
  }

  private void unlink(Stripe<K, V> stripe, Node<K, V> node) {
    assert stripe.isHeldByCurrentThread();
    stripe.policy.remove(node);
    map.remove(node.key, node);
  }

  @Override
  public void afterWrite(Removals<K, V> removals) {
    removals.commitEvictionEvents(settings.policy());
    removals.deliver(listener);
  }

  @Override
  public Removals<K, V> newRemovals() {
    boolean events = EvictionEvent.enabled();
    return listener == null && !events ? uncollected : Removals.collecting(stats, events);
  }

  // ---------------------------------------------------------------- loads

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    Stripe<K, V> stripe = stripeOf(key);
    V value = read(key, stripe, true);
    if (value != null) {
      stats.hit();
      return value;
    }
    return loads.load(stripe, key, loader);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(loader, "loader");
    LinkedHashSet<K> distinct = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys contains null"));
    }
    Map<K, V> found = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : distinct) {
      V value = read(key, stripeOf(key), true);
      stats.lookup(value);
      if (value != null) {
        found.put(key, value);
      } else {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      loads.loadAll(missing, loader, found);
    }
    Map<K, V> result = new LinkedHashMap<>(found.size() * 2);
    for (K key : distinct) {
      V value = found.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public V hitLocked(Stripe<K, V> stripe, Object key) {
    assert stripe.isHeldByCurrentThread();
    Node<K, V> node = map.get(key);
    V live = node == null ? null : liveValueLocked(stripe, node);
    if (live != null) {
      stripe.recordHitLocked(node);
    }
    return live;
  }

  @Override
  public void storeLoadedLocked(
      Stripe<K, V> stripe, K key, V value, int callers, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    stripe.beginWrite();
    try {
      long now = now();
      reclaimExpired(stripe, now, removals);
      Node<K, V> node = insert(stripe, key, value, now, removals);
      if (callers > 1) {
        stripe.policy.onHits(node, callers - 1);
      }
    } finally {
      stripe.endWrite();
    }
  }

  @Override
  public V writeIfLocked(Stripe<K, V> stripe, K key, Object expected, V value, Removals<K, V> r) {
    stripe.beginWrite();
    try {
      long now = now();
      if (value != null) {
        reclaimExpired(stripe, now, r); // a store reclaims the stripe's expired entries first
      }
      Node<K, V> node = map.get(key);
      if (node != null && isExpired(node, now)) { // a removal reclaims only its own
        unlink(stripe, node);
        r.add(key, node.value, RemovalCause.EXPIRED);
        node = null;
      }
      V found = node == null ? null : node.value;
      if (expected == ANY ? value != null || node != null : found == expected && value != found) {
        if (node == null) {
          insert(stripe, key, value, now, r);
        } else if (value == null) {
          unlink(stripe, node);
          r.add(key, found, RemovalCause.EXPLICIT);
        } else {
          node.value = value;
          stripe.policy.onWrite(node, now);
          r.add(key, found, RemovalCause.REPLACED);
        }
      }
      return found;
    } finally {
      stripe.endWrite();
    }
  }

  // ---------------------------------------------------------------- helpers

  @Override
  public Stripe<K, V> stripeOf(Object key) {
    return stripes[CacheSettings.stripeIndex(key, stripeMask)];
  }

  private long now() {
    return ttlNanos == 0 ? 0 : ticker.read();
  }

  private boolean isExpired(Node<K, V> node, long now) {
    return ttlNanos != 0 && Expiry.isExpired(node, now, ttlNanos);
  }

  private void lockAll() {
    for (Stripe<K, V> stripe : stripes) {
      stripe.lock();
    }
  }

  private void unlockAll() {
    for (int i = stripes.length - 1; i >= 0; i--) {
      stripes[i].unlock();
    }
  }

  /** Returns every mapped node, expired or not, weakly consistently: for the map view. */
  Iterator<Node<K, V>> nodes() {
    return map.values().iterator();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    return view;
  }

  @Override
  public CacheInfo info() {
    return info;
  }

  @Override
  public String toString() {
    return info.toString();
  }
}
