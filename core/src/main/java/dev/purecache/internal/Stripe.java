package dev.purecache.internal;

import dev.purecache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stripe of a {@link StripedCache}: its lock, its policy, its buffer of lock-free hits, its
 * loads in flight, and a sequence number that lets readers validate lock-free reads.
 *
 * <h2>Implementation overview</h2>
 *
 * The stripe is the lock (a {@link ReentrantLock}, never a monitor). Every change to the
 * stripe's entries (the shared map's mappings for its keys, their values and write times, and
 * its policy's membership) happens between {@link #beginWrite()} and {@link #endWrite()} with
 * the lock held, except a lock-free replace of a value (and, for TTL and LRU+TTL, its write
 * time), which happens while its replacer holds a claimed, unfilled slot of the hit buffer (see
 * {@link HitBuffer#claim}) or, on a quiet stripe, the buffer's order word (see {@link
 * HitBuffer#holdOrderInPlace}).
 * {@code beginWrite} makes the sequence odd and then drains the hit buffer, so every hit that
 * took effect before the write is applied to the policy before the write decides anything;
 * {@code endWrite} makes it even again. A lock-free reader that sees the same even
 * sequence before and after its reads saw a state no write touched.
 *
 * <p>Where hits change the order (LRU, LFU, LRU+TTL), a lock-free reader (or replace of an untimed
 * entry) whose stripe is quiet applies its hit to the policy itself, under the hit buffer's order
 * word, instead of buffering it (see {@link HitBuffer}). So that the policy has one writer at a
 * time, the lock's holder holds that word too, from its first hold to its last release.
 *
 * <p>Lock order: the lock, then the order word. A lock-free reader or replace takes the word
 * without the lock and never waits for it.
 *
 * <p>Invariants, with the lock held and outside a write: the sequence is even; the policy holds
 * exactly the stripe's mappings, whose total {@linkplain #weightedSize() weight} is at most
 * {@link #maximum} (each entry weighs 1 in a cache without a weigher, so the bound is a count); {@link #flights} holds
 * the loads of the stripe's keys that may still store a value, none of them for a key with a live
 * mapping except reloads (refreshes), which only a key with a live mapping starts, and the map
 * view's updates in progress (exclusive flights, for any key).
 */
final class Stripe<K, V> extends ReentrantLock {
  private static final long serialVersionUID = 1L;

  final transient EvictionPolicy<K, V> policy;
  /**
   * Hits recorded without the lock (where hits change the order: LRU, LFU, LRU+TTL) and lock-free
   * replaces (LRU, LFU, TTL, LRU+TTL), applied to the policy in order by the next write or drain;
   * null for ADAPTIVE, which needs neither (see {@link EvictionPolicy#needsHitBuffer}).
   */
  final transient HitBuffer hitBuffer;
  /**
   * Whether hits change the policy's order: false where the buffer holds only replaces (TTL) or
   * there is none (ADAPTIVE). Where true, lock-free readers and replaces may apply their hits in
   * place, under the hit buffer's order word, which the lock's holder then holds too.
   */
  private final boolean recordsHits;
  /** The stripe's share of the cache's capacity, or of its maximum weight (with a weigher). */
  final long maximum;
  /** The total weight of the stripe's entries: their number, in a cache without a weigher. */
  private long weightedSize;
  private volatile int sequence;
  /**
   * The oldest write time of the stripe's entries as of the end of the last write (only where
   * lock-free replaces change write times): a lower bound on every entry's write time until the
   * next write, since replaces only make write times later.
   */
  private long oldestWriteTime;
  private final boolean tracksOldestWrite;

  /** Spin-waits a contended {@link #lock()} makes before it parks. */
  static final int SPINS_BEFORE_PARKING = 64;

  private static final VarHandle SEQUENCE;
  private static final VarHandle OLDEST_WRITE_TIME;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      SEQUENCE = lookup.findVarHandle(Stripe.class, "sequence", int.class);
      OLDEST_WRITE_TIME = lookup.findVarHandle(Stripe.class, "oldestWriteTime", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  /** Registered flights: changed only with the lock held, read without it to join a flight. */
  private final transient Map<Object, Flight<K, V>> flights = new ConcurrentHashMap<>();
  /**
   * How many flights are registered: written with the lock held, read without it by unordered
   * lock-free replaces, which leave every key of a stripe with flights to the lock.
   */
  private volatile int flightCount;

  Stripe(EvictionPolicy<K, V> policy, long maximum) {
    this.policy = policy;
    this.maximum = maximum;
    this.recordsHits = policy.ordersHits();
    this.tracksOldestWrite = policy.replacesTimedWithoutLock();
    this.hitBuffer = policy.needsHitBuffer() ? new HitBuffer(policy.skipsRepeatedHits()) : null;
  }

  int sequence() {
    return sequence;
  }

  /**
   * Acquires the lock, spinning briefly before parking. Critical sections here are short (a write
   * and the drain of at most one hit buffer, never user code), while parking and waking a
   * thread costs microseconds: under contention, waiting out the holder on the CPU is what keeps
   * writers moving. The spin is bounded, so a holder that is descheduled costs the waiter no
   * more than {@link #SPINS_BEFORE_PARKING} spin-waits before it parks as usual. Where hits are
   * applied in place, the first hold also takes the hit buffer's order word (see {@link
   * HitBuffer}), waiting out a reader that applies its hit.
   */
  @Override
  public void lock() {
    if (!super.tryLock()) {
      lockContended();
    }
    holdOrderIfFirst();
  }

  private void lockContended() {
    for (int spins = 0; spins < SPINS_BEFORE_PARKING; spins++) {
      Thread.onSpinWait();
      if (!isLocked() && super.tryLock()) {
        return;
      }
    }
    super.lock();
  }

  /** Acquires the lock if it is free, with the order word where hits are applied in place. */
  @Override
  public boolean tryLock() {
    if (!super.tryLock()) {
      return false;
    }
    holdOrderIfFirst();
    return true;
  }

  /** Releases the lock, and with its last hold the order word where hits are applied in place. */
  @Override
  public void unlock() {
    if (recordsHits && getHoldCount() == 1) {
      hitBuffer.releaseOrder();
    }
    super.unlock();
  }

  private void holdOrderIfFirst() {
    if (recordsHits && getHoldCount() == 1) {
      hitBuffer.holdOrder();
    }
  }

  /** Starts a write: the caller holds the lock. */
  void beginWrite() {
    assert isHeldByCurrentThread() && (sequence & 1) == 0;
    sequence = sequence + 1;
    drainHits();
  }

  /**
   * Ends a write begun with {@link #beginWrite()}. A release store is enough here: readers only
   * need to see the write's effects before the even sequence. (The odd store in {@code
   * beginWrite} stays volatile: its order before the hit buffer's {@code tail} read is what
   * makes every recorded hit visible to the write.)
   */
  void endWrite() {
    assert isHeldByCurrentThread() && (sequence & 1) != 0;
    if (tracksOldestWrite) {
      OLDEST_WRITE_TIME.setOpaque(this, policy.oldestWriteTime());
    }
    SEQUENCE.setRelease(this, sequence + 1);
  }

  /**
   * Whether an entry of a stripe with expiry (TTL, LRU+TTL) may have expired at {@code now};
   * false means none has, so there is nothing to reclaim. Write order outside a write may still
   * wait for the drain of a lock-free replace's new time, so the answer comes from the oldest
   * write time the last write left, a lower bound on every entry's: that needs no lock, and a
   * lock-free caller reads it after validating the sequence that write left.
   */
  boolean mayHoldExpired(long now, long ttlNanos) {
    return now - (long) OLDEST_WRITE_TIME.getOpaque(this) >= ttlNanos;
  }

  /**
   * Returns the nanoseconds until the stripe's oldest write expires (0 if it has), or {@link
   * Long#MAX_VALUE} for an empty stripe or one without expiry. Takes the lock, and drains, so
   * that write order is sorted by write time.
   */
  long nanosUntilOldestExpires(Ticker ticker, long ttlNanos) {
    if (ttlNanos == 0) {
      return nanosUntilNextDeadline(ticker);
    }
    lock();
    try {
      if (policy.size() == 0) {
        return Long.MAX_VALUE;
      }
      drainHits();
      return Math.max(0, ttlNanos - (ticker.read() - policy.oldestWriteTime()));
    } finally {
      unlock();
    }
  }

  /**
   * Returns a lower bound of the nanoseconds until the next deadline of the stripe's entries with
   * deadlines of their own (0 if one has passed), or {@link Long#MAX_VALUE} for none or a policy
   * without them. Takes the lock, and drains, so that hits have moved their nodes.
   */
  long nanosUntilNextDeadline(Ticker ticker) {
    lock();
    try {
      drainHits();
      return policy.nanosUntilNextDeadline(ticker.read());
    } finally {
      unlock();
    }
  }

  /** Applies buffered hits to the policy; the caller holds the lock. */
  void drainHits() {
    assert isHeldByCurrentThread();
    if (hitBuffer != null) {
      hitBuffer.drainTo(policy);
    }
  }

  /**
   * Records a hit found with the lock held, after every buffered hit; the caller holds the lock.
   */
  void recordHitLocked(Node<K, V> node) {
    assert isHeldByCurrentThread();
    if (recordsHits) {
      hitBuffer.recordLocked(node, policy);
    } else {
      policy.onHitWithoutLock(node);
    }
  }

  /** Drains buffered hits if the lock is free; never blocks. Returns whether it drained. */
  boolean tryDrainHits() {
    if (!tryLock()) {
      return false;
    }
    try {
      drainHits();
      return true;
    } finally {
      unlock();
    }
  }

  /**
   * Whether an entry of this weight fits beside the stripe's entries; the caller holds the lock.
   * With {@code weight} 0, whether the stripe's entries fit at all (after a replace made one
   * heavier).
   */
  boolean hasRoomFor(int weight) {
    assert isHeldByCurrentThread();
    return weightedSize + weight <= maximum;
  }

  /** Whether an entry of this weight fits in the stripe at all, even alone. */
  boolean isHeavierThanMaximum(int weight) {
    return weight > maximum;
  }

  /** Counts a node the policy has just linked; the caller holds the lock. */
  void linked(Node<K, V> node) {
    assert isHeldByCurrentThread();
    weightedSize += node.weight();
  }

  /** Counts a node the policy has just unlinked; the caller holds the lock. */
  void unlinked(Node<K, V> node) {
    assert isHeldByCurrentThread();
    weightedSize -= node.weight();
  }

  /** Gives a linked node of a weighted cache a new weight; the caller holds the lock. */
  void reweigh(Node<K, V> node, int weight) {
    assert isHeldByCurrentThread();
    int old = node.weight();
    weightedSize += weight - old;
    node.setWeight(weight);
    policy.onReweigh(node, old);
  }

  /** Returns the total weight of the stripe's entries; the caller holds the lock. */
  long weightedSize() {
    assert isHeldByCurrentThread();
    return weightedSize;
  }

  /** Returns the registered flight of {@code key}, or null; needs no lock. */
  Flight<K, V> flight(Object key) {
    return flights.get(key);
  }

  /** Registers a new flight of a key that has none; the caller holds the lock. */
  void register(Flight<K, V> flight) {
    assert isHeldByCurrentThread();
    Flight<K, V> previous = flights.put(flight.key, flight);
    assert previous == null;
    flightCount = flightCount + 1; // volatile: a replace that enters after this sees it
  }

  /** Whether any flight is registered; needs no lock. */
  boolean hasFlights() {
    return flightCount != 0;
  }

  /** Unregisters {@code flight} if it is still the one registered for its key; holds the lock. */
  void unregister(Flight<K, V> flight) {
    assert isHeldByCurrentThread();
    if (flights.remove(flight.key, flight)) {
      flightCount = flightCount - 1;
    }
  }

  /**
   * Detaches every flight without settling it (a {@code clear}): each still answers its callers,
   * but stores nothing. The caller holds the lock.
   */
  void detachFlights() {
    assert isHeldByCurrentThread();
    flights.clear();
    flightCount = 0;
  }
}
