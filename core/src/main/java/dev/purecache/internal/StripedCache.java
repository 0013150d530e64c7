package dev.purecache.internal;

import dev.purecache.Cache;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheStats;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import dev.purecache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one engine behind every backend: a concurrent map for lookups, striped locks, and a
 * sequential {@link EvictionPolicy} per stripe.
 *
 * <h2>Implementation overview</h2>
 *
 * Mappings live in one {@link ConcurrentHashMap} from key to {@link Node}; each key belongs to
 * one {@link Stripe} (by a mix of its hash), which owns the key's mapping, its node's place in
 * the stripe's policy, and its load in flight. All changes to a stripe's mappings are made with
 * its lock held, inside {@link Stripe#beginWrite()}/{@link Stripe#endWrite()}, with one
 * exception: a {@code put} of a mapped (for TTL and LRU+TTL, live) key swaps the value while it
 * holds a claimed slot of the stripe's read buffer instead, which no write's drain can pass
 * (below).
 *
 * <p><b>Reads</b> ({@code get}, {@code containsKey}, the hit path of {@code computeIfAbsent})
 * take no lock in the common case: they read the stripe's sequence (even), look the key up,
 * read value and write time, and validate. A hit that changes the policy's order (LRU, LFU) is
 * validated by claiming a slot of the stripe's {@link ReadBuffer}; the next write of that stripe
 * applies it before it decides anything, which is what keeps eviction exact and linearizable:
 * a read that returned a value counts before any later eviction. A read that finds a write in
 * progress spins and retries; one that finds the buffer full drains it if the lock is free, and
 * retries. Only after {@link #OPTIMISTIC_ATTEMPTS} failed attempts does a read take the lock.
 *
 * <p><b>Writes</b> reclaim the stripe's expired entries, then evict (policy victim first, the new
 * key never) until the new entry fits, then store it. Removals are collected and given to the
 * listener after the lock is released. Where a replace changes the policy only as a hit does (LRU,
 * LFU: no write time), a {@code put} of a mapped key takes no lock: like a read, it validates
 * against the sequence, but it claims its buffer slot first, checks that no write began, swaps
 * the value, and only then fills the slot. A write's drain waits for every claimed slot's fill,
 * so the swap happens between two writes, and the hit counts from the claim: a hit on another
 * key claimed between the claim and the swap is ordered after the replace, which is consistent,
 * since every read that still returns the old value records its own, later hit on the key.
 *
 * <p><b>TTL and LRU+TTL replaces</b> change value and write time together, so they also take the
 * node's replace stamp, a per-node sequence lock that lock-free reads of timed nodes validate (see
 * {@link WriteNode}), and read the clock only once they hold it: a read that saw the entry
 * expired and validated the stamp read a time no later than the replace's, and the replace,
 * seeing the entry expired too, takes the lock. They run without the lock only while no entry
 * of the stripe can have expired (the stripe's oldest write time, kept by every write, says so),
 * because a put reclaims expired entries first. The drain of the replace's buffered hit (for TTL,
 * the only kind of entry in its buffer, as TTL hits change no order) moves the node to its place
 * in write order; every write drains before it looks at that order, so expiry
 * is decided on an order sorted by write time, and a node takes its place from its last replace.
 *
 * <p><b>Loads</b> are {@link Flight}s registered in their stripe: the first caller registers one
 * under the lock and hands it to the {@link LoadEngine}; later callers join it; everybody waits
 * on it with no lock held (see {@link FlightWait}). Completion decides the outcome and stores
 * the value (if the flight is still registered) in one step under the lock, then reports
 * removals, then answers the callers; each caller takes effect then (the first as the insert,
 * the others as hits). A {@code put} overtakes a flight: its callers get the put's value, as
 * hits right after it. A {@code clear} unregisters flights so they store nothing; a {@code
 * remove} waits for a registered flight to finish, then removes what it stored.
 *
 * <p><b>Lock order</b>: a thread holds at most one stripe lock, except {@link #size()} and
 * {@link #clear()}, which take all of them in ascending index order. No user code (loader,
 * listener) and no waiting for a flight ever happens with a stripe lock held.
 */
public final class StripedCache<K, V> implements Cache<K, V> {
  /**
   * Optimistic read attempts before a read takes the lock: a write in progress, or a full buffer
   * whose lock another thread holds, costs one attempt and a spin. Parking a reader is the last
   * resort: on a busy machine a parked reader waits for the scheduler, not for the cache.
   */
  private static final int OPTIMISTIC_ATTEMPTS = 64;

  private final CacheSettings<K, V> settings;
  private final ConcurrentHashMap<Object, Node<K, V>> map;
  private final Stripe<K, V>[] stripes;
  private final int stripeMask;
  private final Ticker ticker;
  private final long ttlNanos;
  private final boolean ordersReads;
  /**
   * Whether a lock-free replace also changes the write time (TTL, LRU+TTL): then nodes carry a
   * replace stamp, which lock-free reads of them validate.
   */
  private final boolean replacesTimedWithoutLock;
  private final StatsCounter stats;
  private final RemovalListener<? super K, ? super V> listener;
  private final LoadEngine engine;
  private final long loadTimeoutNanos;
  /** The removals of every operation when there is no listener: counted, never kept. */
  private final Removals<K, V> uncollected;

  /** Creates an empty cache with these settings. */
  @SuppressWarnings("unchecked")
  public StripedCache(CacheSettings<K, V> settings) {
    this.settings = settings;
    this.ticker = settings.ticker();
    this.ttlNanos = settings.ttlNanos();
    this.stats = new StatsCounter(settings.recordStats());
    this.listener = settings.listener();
    this.engine = settings.engine();
    this.loadTimeoutNanos = settings.loadTimeout() == null ? 0 : settings.loadTimeout().toNanos();
    this.uncollected = Removals.counting(stats);
    int count = settings.stripes();
    this.stripeMask = count - 1;
    this.stripes = (Stripe<K, V>[]) new Stripe<?, ?>[count];
    int capacity = settings.capacity();
    for (int i = 0; i < count; i++) {
      int share =
          capacity == CacheSettings.UNBOUNDED
              ? CacheSettings.UNBOUNDED
              : capacity / count + (i < capacity % count ? 1 : 0);
      stripes[i] = new Stripe<>(newPolicy(settings), share);
    }
    this.ordersReads = stripes[0].policy.ordersReads();
    this.replacesTimedWithoutLock = stripes[0].policy.replacesTimedWithoutLock();
    int initial = capacity == CacheSettings.UNBOUNDED ? 16 : Math.min(capacity, 1 << 16);
    this.map = new ConcurrentHashMap<>(initial);
  }

  private static <K, V> EvictionPolicy<K, V> newPolicy(CacheSettings<K, V> settings) {
    return switch (settings.policy()) {
      case LRU -> new LruPolicy<>();
      case LFU -> new LfuPolicy<>();
      case TTL -> new TtlPolicy<>(settings.ttlNanos());
      case LRU_TTL -> new LruTtlPolicy<>(settings.ttlNanos());
    };
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    V value = read(key, stripeOf(key), true);
    recordLookup(value);
    return value;
  }

  @Override
  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    return read(key, stripeOf(key), false) != null;
  }

  /**
   * Returns the live value of {@code key} or null; with {@code recordHit}, a hit counts for the
   * policy. Lock-free unless a write in progress or a full read buffer outlasts {@link
   * #OPTIMISTIC_ATTEMPTS} attempts.
   */
  private V read(Object key, Stripe<K, V> stripe, boolean recordHit) {
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
      if (value == null || !recordHit || !ordersReads) {
        if (stripe.sequence() == stamp) {
          return value;
        }
        continue;
      }
      int outcome = stripe.readBuffer.offer(node, stripe, stamp);
      if (outcome == ReadBuffer.RECORDED) {
        return value;
      }
      if (outcome == ReadBuffer.RECORDED_DRAIN) {
        stripe.tryDrainReads();
        return value;
      }
      if (outcome == ReadBuffer.FULL && !stripe.tryDrainReads()) {
        Thread.onSpinWait(); // another thread holds the lock, most likely draining: wait it out
      }
    }
    return lockedRead(key, stripe, recordHit);
  }

  private V lockedRead(Object key, Stripe<K, V> stripe, boolean recordHit) {
    stripe.lock();
    try {
      Node<K, V> node = map.get(key);
      V value = node == null ? null : liveValueLocked(node);
      if (value != null && recordHit) {
        stripe.recordHitLocked(node);
      }
      return value;
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
   * LRU+TTL): this waits out the few instructions of one, to read a value and write time that
   * belong together.
   */
  private V liveValueLocked(Node<K, V> node) {
    if (!replacesTimedWithoutLock) {
      return liveValue(node);
    }
    for (int spins = 0; ; spins++) {
      int replaces = node.replaceStamp();
      V value = liveValue(node);
      if (node.unchangedSince(replaces)) {
        return value;
      }
      if (spins < 256) {
        Thread.onSpinWait();
      } else {
        Thread.yield();
      }
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Stripe<K, V> stripe = stripeOf(key);
    if (replaceWithoutLock(stripe, key, value)) {
      return;
    }
    Removals<K, V> removals = newRemovals();
    Flight<K, V> overtaken;
    stripe.lock();
    try {
      stripe.beginWrite();
      try {
        long now = now();
        reclaimExpired(stripe, now, removals);
        Node<K, V> node = map.get(key);
        if (node == null) {
          node = insert(stripe, key, value, now, removals);
        } else {
          V old = node.value;
          node.value = value;
          stripe.policy.onWrite(node, now);
          removals.add(key, old, RemovalCause.REPLACED);
        }
        overtaken = overtake(stripe, key, node);
      } finally {
        stripe.endWrite();
      }
    } finally {
      stripe.unlock();
    }
    afterWrite(removals);
    if (overtaken != null) {
      reportEnded(overtaken, LoadEvent.SUPERSEDED);
      overtaken.done.complete(value);
      overtaken.cancelLoad();
    }
  }

  /**
   * Replaces the value of a mapped key without the lock. A replace acts as a hit does (LRU, LFU:
   * no write time), or as a hit plus a new write time (TTL, LRU+TTL, where the drain of that hit
   * moves the node in write order; see {@link EvictionPolicy#replacesTimedWithoutLock}). It holds
   * a claimed slot of the stripe's read buffer while it swaps the value (see {@link
   * ReadBuffer#claim}), so it takes effect at the swap, between two writes of the stripe, and
   * counts as a hit from its claim. Returns false, having changed nothing, where the put needs the
   * lock: the key is not mapped, a load of it is registered (a put overtakes it under the lock), a
   * write is in progress or intervenes, the buffer is full, or (TTL, LRU+TTL) the entry has
   * expired or another replace of it is in progress.
   */
  private boolean replaceWithoutLock(Stripe<K, V> stripe, K key, V value) {
    int stamp = stripe.sequence();
    if ((stamp & 1) != 0) {
      return false;
    }
    Node<K, V> node = map.get(key);
    if (node == null || stripe.flight(key) != null) {
      return false;
    }
    long slot = stripe.readBuffer.claim(stripe, stamp);
    if (slot < 0) {
      return false;
    }
    V old;
    if (!replacesTimedWithoutLock) {
      old = node.replaceValue(value);
    } else if ((old = replaceTimed(stripe, node, value, slot)) == null) {
      stripe.readBuffer.cancel(slot);
      return false;
    }
    if (stripe.readBuffer.publish(slot, node)) {
      stripe.tryDrainReads();
    }
    Removals<K, V> removals = newRemovals();
    removals.add(key, old, RemovalCause.REPLACED);
    afterWrite(removals);
    return true;
  }

  /**
   * Replaces value and write time of a timed node together, under its replace stamp (see {@link
   * WriteNode}), while the caller holds a claimed slot of the node's stripe: returns the old
   * value, or null, having changed nothing, if another replace of the node is in progress, the
   * entry has expired, or some entry of the stripe may have (a put reclaims those first, under
   * the lock). The time is read after the stamp is taken, so a lock-free reader that saw the entry
   * expired and validated its stamp read a time no later than this one, and then this replace
   * takes the lock instead (an expired entry's put is a removal and an insert).
   */
  private V replaceTimed(Stripe<K, V> stripe, Node<K, V> node, V value, long slot) {
    int replaces = node.replaceStamp();
    if (!node.tryBeginReplace(replaces)) {
      return null;
    }
    long now = now();
    if (isExpired(node, now) || stripe.mayHoldExpired(now, ttlNanos)) {
      node.abandonReplace();
      return null;
    }
    node.setWriteTime(now);
    V old = node.replaceValue(value);
    node.endReplace(replaces, slot);
    return old;
  }

  /**
   * Inside a put of {@code key}, now stored in {@code node}: a load of the key in flight will not
   * store over it. Its callers get the put's value, each as a hit right after the put (for LFU,
   * one more use each): that is the order in which they take effect, which keeps them
   * linearizable. Its load is then cancelled, since nobody waits for it. Returns the flight to
   * answer after unlocking, or null.
   */
  private Flight<K, V> overtake(Stripe<K, V> stripe, Object key, Node<K, V> node) {
    Flight<K, V> flight = stripe.supersede(key);
    if (flight == null || flight.settled) {
      return null;
    }
    flight.settled = true;
    int callers = flight.closeJoining();
    if (callers > 0) {
      stripe.policy.onReads(node, callers);
    }
    return flight;
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
          removed = removeLocked(stripe, key, removals);
        } else if (inFlight.isAncestorOfCurrentThread()) {
          throw new IllegalStateException(
              "remove(" + key + ") was called by the load of that key,"
                  + " which would wait for itself");
        }
      } finally {
        stripe.unlock();
      }
      if (inFlight == null) {
        afterWrite(removals);
        return removed;
      }
      FlightWait.awaitSettled(inFlight);
    }
  }

  private V removeLocked(Stripe<K, V> stripe, Object key, Removals<K, V> removals) {
    Node<K, V> node = map.get(key);
    if (node == null) {
      return null;
    }
    stripe.beginWrite();
    try {
      unlink(stripe, node);
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
          stripe.supersedeAll();
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
        stripe.drainReads();
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
    stripe.policy.remove(node);
    map.remove(node.key, node);
  }

  private void afterWrite(Removals<K, V> removals) {
    removals.commitEvictionEvents(settings.policy());
    removals.deliver(listener);
  }

  private Removals<K, V> newRemovals() {
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
    Flight<K, V> inFlight = tryJoinWithoutLock(stripe, key);
    if (inFlight != null) {
      stats.miss();
      return FlightWait.await(inFlight);
    }
    Joined<K, V> joined = joinOrStart(stripe, key, loader);
    if (joined.value != null) {
      stats.hit();
      return joined.value;
    }
    stats.miss();
    if (joined.started) {
      start(joined.flight);
    }
    return FlightWait.await(joined.flight);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(loader, "loader");
    LinkedHashSet<K> distinct = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys contains null"));
    }
    Map<K, V> found = new java.util.HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : distinct) {
      V value = read(key, stripeOf(key), true);
      recordLookup(value);
      if (value != null) {
        found.put(key, value);
      } else {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      loadAll(missing, loader, found);
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

  private void loadAll(List<K> missing, Function<? super K, ? extends V> loader, Map<K, V> found) {
    List<Flight<K, V>> waiting = new ArrayList<>(missing.size());
    List<Flight<K, V>> started = new ArrayList<>();
    try {
      for (K key : missing) {
        Joined<K, V> joined = joinOrStart(stripeOf(key), key, loader);
        if (joined.value != null) {
          found.put(key, joined.value);
        } else {
          waiting.add(joined.flight);
          if (joined.started) {
            started.add(joined.flight);
          }
        }
      }
    } catch (RuntimeException recursive) {
      startAll(started);
      leaveAll(waiting);
      throw recursive;
    }
    startAll(started);
    BlockingQueue<Flight<K, V>> finished = new LinkedBlockingQueue<>();
    for (Flight<K, V> flight : waiting) {
      flight.done.whenComplete((v, t) -> finished.add(flight));
    }
    try {
      for (int pending = waiting.size(); pending > 0; ) {
        Flight<K, V> flight = nextFinished(finished, waiting);
        if (flight == null) {
          continue;
        }
        pending--;
        V value = FlightWait.result(flight);
        if (value != null) {
          found.put(flight.key, value);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      leaveAll(waiting);
      throw new CacheInterruptedException("interrupted while waiting for getAll loads", e);
    } catch (RuntimeException failure) {
      leaveAll(waiting);
      throw failure;
    }
  }

  /** Takes the next finished flight, timing out those past their deadline; null if none yet. */
  private Flight<K, V> nextFinished(BlockingQueue<Flight<K, V>> finished, List<Flight<K, V>> all)
      throws InterruptedException {
    if (loadTimeoutNanos == 0) {
      return finished.take();
    }
    long wait = Long.MAX_VALUE;
    for (Flight<K, V> flight : all) {
      if (!flight.done.isDone()) {
        long remaining = flight.remainingNanos();
        if (remaining <= 0) {
          timeOut(flight);
        }
        wait = Math.min(wait, Math.max(remaining, 1));
      }
    }
    return finished.poll(wait, TimeUnit.NANOSECONDS);
  }

  private record Joined<K, V>(V value, Flight<K, V> flight, boolean started) {}

  /**
   * Joins the registered flight of {@code key} without the stripe lock: the common case of a
   * stampede, where every caller after the first finds the load in flight. Null if there is none
   * to join (no flight, or one everybody left).
   */
  private Flight<K, V> tryJoinWithoutLock(Stripe<K, V> stripe, Object key) {
    Flight<K, V> flight = stripe.flight(key);
    if (flight == null) {
      return null;
    }
    if (flight.isAncestorOfCurrentThread()) {
      throw FlightWait.recursiveLoad(key);
    }
    return flight.tryJoin() ? flight : null;
  }

  /**
   * Under the stripe lock: returns the live value, or joins the registered flight, or registers a
   * new one (which the caller must start).
   */
  private Joined<K, V> joinOrStart(
      Stripe<K, V> stripe, K key, Function<? super K, ? extends V> loader) {
    Flight<K, V> abandoned = null;
    stripe.lock();
    try {
      Node<K, V> node = map.get(key);
      V live = node == null ? null : liveValueLocked(node);
      if (live != null) {
        stripe.recordHitLocked(node);
        return new Joined<>(live, null, false);
      }
      Flight<K, V> flight = stripe.flight(key);
      if (flight != null) {
        if (flight.isAncestorOfCurrentThread()) {
          throw FlightWait.recursiveLoad(key);
        }
        if (flight.tryJoin()) {
          return new Joined<>(null, flight, false);
        }
        if (settleCancelled(stripe, flight)) {
          abandoned = flight; // everybody left it: cancel it, then start afresh
        }
      }
      flight = new Flight<>(this, stripe, key, loader, loadTimeoutNanos);
      stripe.register(flight);
      return new Joined<>(null, flight, true);
    } finally {
      stripe.unlock();
      if (abandoned != null) {
        cancelled(abandoned);
      }
    }
  }

  private void start(Flight<K, V> flight) {
    try {
      flight.started(engine.start(flight));
    } catch (RuntimeException | Error engineFailure) {
      fail(flight, engineFailure);
    }
  }

  private void startAll(List<Flight<K, V>> flights) {
    if (flights.isEmpty()) {
      return;
    }
    List<LoadEngine.Handle> handles;
    try {
      handles = engine.startAll(flights);
    } catch (RuntimeException | Error engineFailure) {
      for (Flight<K, V> flight : flights) {
        fail(flight, engineFailure);
      }
      return;
    }
    for (int i = 0; i < flights.size(); i++) {
      flights.get(i).started(handles.get(i));
    }
  }

  /** Called by the engine: stores the value if the flight is still registered, answers callers. */
  void complete(Flight<K, V> flight, V value) {
    Stripe<K, V> stripe = flight.stripe;
    Removals<K, V> removals = newRemovals();
    stripe.lock();
    try {
      if (flight.settled) {
        return; // timed out, cancelled or overtaken: stores nothing
      }
      flight.settled = true;
      int callers = flight.closeJoining();
      // Stored only for callers: the first takes effect as the insert, the others as hits on it
      if (stripe.unregister(flight) && value != null && callers > 0) {
        stripe.beginWrite();
        try {
          long now = now();
          reclaimExpired(stripe, now, removals);
          Node<K, V> node = insert(stripe, flight.key, value, now, removals);
          if (callers > 1) {
            stripe.policy.onReads(node, callers - 1);
          }
        } finally {
          stripe.endWrite();
        }
      }
    } finally {
      stripe.unlock();
    }
    reportEnded(flight, LoadEvent.SUCCESS);
    afterWrite(removals);
    flight.done.complete(value);
  }

  /** Called by the engine: the loader threw; every caller gets the failure, nothing is stored. */
  void fail(Flight<K, V> flight, Throwable failure) {
    end(flight, failure, LoadEvent.FAILURE);
  }

  /** The load timeout passed: nothing is stored, callers get a timeout, the load is cancelled. */
  void timeOut(Flight<K, V> flight) {
    if (end(flight, FlightWait.TIMED_OUT, LoadEvent.TIMEOUT)) {
      flight.cancelLoad();
    }
  }

  /** A caller stops waiting; the last one to leave cancels the load. */
  void leave(Flight<K, V> flight) {
    if (flight.removeWaiter() > 0) {
      return;
    }
    Stripe<K, V> stripe = flight.stripe;
    boolean cancel;
    stripe.lock();
    try {
      cancel = settleCancelled(stripe, flight);
    } finally {
      stripe.unlock();
    }
    if (cancel) {
      cancelled(flight);
    }
  }

  /**
   * Under the stripe lock: decides that an abandoned flight is cancelled, unless it settled
   * first. The caller then calls {@link #cancelled} after unlocking.
   */
  private boolean settleCancelled(Stripe<K, V> stripe, Flight<K, V> flight) {
    if (flight.settled || !flight.isAbandoned()) {
      return false;
    }
    flight.settled = true;
    stripe.unregister(flight);
    return true;
  }

  /** Answers a cancelled flight (nobody listens) and cancels its load. */
  private void cancelled(Flight<K, V> flight) {
    reportEnded(flight, LoadEvent.CANCELLED);
    flight.done.completeExceptionally(FlightWait.CANCELLED);
    flight.cancelLoad();
  }

  private void leaveAll(List<Flight<K, V>> flights) {
    for (Flight<K, V> flight : flights) {
      leave(flight);
    }
  }

  /**
   * Settles a flight unsuccessfully ({@code outcomeName} for its JFR event) and answers its
   * callers; false if it was already decided.
   */
  private boolean end(Flight<K, V> flight, Throwable outcome, String outcomeName) {
    Stripe<K, V> stripe = flight.stripe;
    stripe.lock();
    try {
      if (flight.settled) {
        return false;
      }
      flight.settled = true;
      stripe.unregister(flight);
    } finally {
      stripe.unlock();
    }
    reportEnded(flight, outcomeName);
    flight.done.completeExceptionally(outcome);
    return true;
  }

  /**
   * Counts a decided flight in the statistics and ends its JFR event, before any of its callers
   * is answered (so a caller that returns sees the load counted).
   */
  private void reportEnded(Flight<K, V> flight, String outcome) {
    if (LoadEvent.SUCCESS.equals(outcome)) {
      stats.loadSuccess(flight.elapsedNanos());
    } else {
      stats.loadFailure(flight.elapsedNanos());
    }
    LoadEvent.end(flight.event, flight.key, policy(), outcome, flight.totalCallers());
  }

  Duration loadTimeout() {
    return settings.loadTimeout();
  }

  // ---------------------------------------------------------------- helpers

  private Stripe<K, V> stripeOf(Object key) {
    return stripes[CacheSettings.stripeIndex(key, stripeMask)];
  }

  private long now() {
    return ttlNanos == 0 ? 0 : ticker.read();
  }

  private boolean isExpired(Node<K, V> node, long now) {
    return ttlNanos != 0 && Expiry.isExpired(node, now, ttlNanos);
  }

  private void recordLookup(V value) {
    if (value != null) {
      stats.hit();
    } else {
      stats.miss();
    }
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

  /** Returns the policy. */
  public Policy policy() {
    return settings.policy();
  }

  /** Returns the load engine. */
  public LoadEngine loadEngine() {
    return engine;
  }

  /** Returns the number of stripes. */
  public int stripeCount() {
    return stripes.length;
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder().append("policy=").append(settings.policy());
    if (settings.capacity() != CacheSettings.UNBOUNDED) {
      s.append(", capacity=").append(settings.capacity());
    }
    if (ttlNanos != 0) {
      s.append(", ttl=").append(Duration.ofNanos(ttlNanos));
    }
    return s.append(", stripes=")
        .append(stripes.length)
        .append(", engine=")
        .append(engine.name())
        .toString();
  }
}
