package dev.purecache.internal;

import java.util.HashMap;
import java.util.Map;
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
 * the lock held. {@code beginWrite} makes the sequence odd and then drains the read buffer, so
 * every hit that took effect before the write is applied to the policy before the write decides
 * anything; {@code endWrite} makes it even again. A lock-free reader that sees the same even
 * sequence before and after its reads saw a state no write touched.
 *
 * <p>Invariants, with the lock held and outside a write: the sequence is even; the policy holds
 * exactly the stripe's mappings and at most {@link #capacity} of them; {@link #flights} holds
 * the loads of the stripe's keys that may still store a value, none of them for a key with a live
 * mapping.
 */
final class Stripe<K, V> extends ReentrantLock {
  private static final long serialVersionUID = 1L;

  final transient EvictionPolicy<K, V> policy;
  final transient ReadBuffer readBuffer;
  final int capacity;
  private volatile int sequence;
  private transient Map<Object, Flight<K, V>> flights;

  Stripe(EvictionPolicy<K, V> policy, int capacity) {
    this.policy = policy;
    this.capacity = capacity;
    this.readBuffer = policy.ordersReads() ? new ReadBuffer(policy.skipsRepeatedReads()) : null;
  }

  int sequence() {
    return sequence;
  }

  /** Starts a write: the caller holds the lock. */
  void beginWrite() {
    sequence = sequence + 1;
    drainReads();
  }

  /** Ends a write begun with {@link #beginWrite()}. */
  void endWrite() {
    if (readBuffer != null) {
      readBuffer.markWrite(policy);
    }
    sequence = sequence + 1;
  }

  /** Applies buffered hits to the policy; the caller holds the lock. */
  void drainReads() {
    if (readBuffer != null) {
      readBuffer.drainTo(policy);
    }
  }

  /** Records a hit found with the lock held, after every buffered hit; the caller holds the lock. */
  void recordHitLocked(Node<K, V> node) {
    if (readBuffer != null) {
      readBuffer.recordLocked(node, policy);
    }
  }

  /** Drains buffered hits if the lock is free; never blocks. */
  void tryDrainReads() {
    if (tryLock()) {
      try {
        drainReads();
      } finally {
        unlock();
      }
    }
  }

  boolean isFull() {
    return policy.size() >= capacity;
  }

  Flight<K, V> flight(Object key) {
    return flights == null ? null : flights.get(key);
  }

  void register(Flight<K, V> flight) {
    if (flights == null) {
      flights = new HashMap<>();
    }
    flights.put(flight.key, flight);
  }

  /** Unregisters {@code flight} if it is still the one registered for its key. */
  boolean unregister(Flight<K, V> flight) {
    return flights != null && flights.remove(flight.key, flight);
  }

  /** Unregisters any flight of {@code key}, which then stores nothing. */
  void supersede(Object key) {
    if (flights != null) {
      flights.remove(key);
    }
  }

  /** Unregisters every flight: they answer their callers but store nothing. */
  void supersedeAll() {
    if (flights != null) {
      flights.clear();
    }
  }
}
