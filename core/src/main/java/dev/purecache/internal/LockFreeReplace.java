package dev.purecache.internal;

import dev.purecache.Ticker;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@code put} of a mapped key that swaps the value without the stripe lock.
 *
 * <h2>Implementation overview</h2>
 *
 * Where a replace changes the policy only as a hit does (LRU, LFU: no write time), it validates
 * against the stripe's sequence, like a lock-free read, but claims its hit-buffer slot first (see
 * {@link HitBuffer#claim}), which checks that no write began, then swaps the value, and only then
 * fills the slot. A write's drain waits for every claimed slot's fill, so the swap happens
 * between two writes, and the replace counts as a hit from its claim: a hit on another key
 * claimed between the claim and the swap is ordered after the replace. That is consistent: a read
 * of the key returns the old value only if it still finds that value once its own hit has its
 * place, after the replace's (one that finds it changed retries, see {@link HitBuffer#offer}). On a
 * quiet stripe it takes the hit buffer's order word instead of a slot (see {@link
 * HitBuffer#holdOrderInPlace}), which excludes writes as the claim does, and swaps the value and
 * applies its hit at once.
 *
 * <p><b>TTL and LRU+TTL replaces</b> change value and write time together, so they also take the
 * node's replace stamp, a per-node sequence lock that lock-free reads of timed nodes validate (see
 * {@link WriteNode}), and read the clock only once they hold it: a read that saw the entry expired
 * and validated the stamp read a time no later than the replace's, and the replace, seeing the
 * entry expired too, takes the lock. They read the clock <em>before</em> they claim the slot, so
 * no drain ever waits on a {@link Ticker}; a thread under the stripe lock that finds a replace in
 * progress starts an empty write instead of waiting for it (see {@code
 * StripedCache#liveValueLocked}), which that replace's claim then sees. They run without the lock
 * only while no entry of the stripe can have expired (the stripe's oldest write time, kept by
 * every write, says so), because a put reclaims expired entries first. The drain of the
 * replace's buffered hit moves the node to its place in write order; every write drains before
 * it looks at that order, so expiry is decided on an order sorted by write time, and a node
 * takes its place from its last replace.
 *
 * <p><b>Unordered replaces</b> (ADAPTIVE without a time to live): a hit changes no order there, so
 * a replace needs no hit-buffer slot and no stripe sequence; it swaps the value while it holds the
 * node's replace byte, which one replace holds at a time (see {@link ClockNode}). It enters by CAS,
 * checks that no flight is registered in the stripe, swaps, and leaves by a release store. A
 * thread under the lock that is about to read a value it must keep (a flight registered for a
 * mapped key: a reload or an update of the map view) first registers, then waits until no
 * replace holds the node ({@link Node#awaitReplaces}); the registration and the entry are both
 * volatile writes followed by a volatile read of the other, so either the replace sees the flight
 * and leaves the put to the lock, or the waiter sees the replace and waits for it. A node leaving
 * the map is retired ({@link Node#retire}), which waits for the replace in progress and bars new
 * ones, so an evicted or removed entry is reported with its last value and no replace of a
 * removed entry is lost. A write under the lock that changes a value holds the byte too ({@link
 * Node#replaceValue}), so each change reports what it really replaced.
 */
final class LockFreeReplace<K, V> {
  private final ConcurrentHashMap<Object, Node<K, V>> map;
  private final Ticker ticker;
  private final long ttlNanos;
  private final boolean timed;
  private final boolean stampsUntimed;
  private final boolean unordered;

  /**
   * @param timed whether a replace also changes the write time (see {@link
   *     EvictionPolicy#replacesTimedWithoutLock})
   * @param stampsUntimed whether an untimed replace (ADAPTIVE, LRU, LFU) sets the write time of a
   *     node that carries one for refresh ({@link StampedNodes}): true whenever the cache keeps
   *     time; read only to decide when to refresh, it needs no stamp
   * @param unordered whether replaces need no order (ADAPTIVE without a time to live: nodes are
   *     {@link ClockNode}s)
   */
  LockFreeReplace(
      ConcurrentHashMap<Object, Node<K, V>> map,
      Ticker ticker,
      long ttlNanos,
      boolean timed,
      boolean stampsUntimed,
      boolean unordered) {
    this.map = map;
    this.ticker = ticker;
    this.ttlNanos = ttlNanos;
    this.timed = timed;
    this.stampsUntimed = stampsUntimed;
    this.unordered = unordered;
  }

  /**
   * Replaces the value of {@code key} without the lock and returns the old value; returns null,
   * having changed nothing, where the put needs the lock: the key is not mapped, a load of it is
   * registered (a put overtakes it under the lock), a write is in progress or intervenes, the
   * buffer is full, another change of the value holds the node throughout a few spins (ADAPTIVE),
   * or (TTL, LRU+TTL) the entry has expired, some entry of the stripe may have, or another replace
   * of it is in progress.
   */
  V tryReplace(Stripe<K, V> stripe, Object key, V value) {
    if (unordered) {
      return replaceUnordered(stripe, key, value);
    }
    int stamp = stripe.sequence();
    if ((stamp & 1) != 0) {
      return null;
    }
    Node<K, V> node = map.get(key);
    if (node == null || stripe.flight(key) != null) {
      return null;
    }
    return timed ? replaceTimed(stripe, stamp, node, value) : replaceUntimed(stripe, stamp, node, value);
  }

  /** The nodes are {@link ClockNode}s: their final methods bind without a receiver profile. */
  private V replaceUnordered(Stripe<K, V> stripe, Object key, V value) {
    ClockNode<K, V> node = (ClockNode<K, V>) map.get(key);
    if (node == null) {
      return null;
    }
    long now = stampsUntimed ? ticker.read() : 0; // read before entering the node
    if (!node.tryEnterReplace()) {
      return null; // the node has left the map, or other changes held it for a while
    }
    V old = null;
    if (!stripe.hasFlights()) {
      if (stampsUntimed) {
        node.setWriteTime(now);
      }
      old = node.swapValueExclusively(value); // the node's replace byte is held
    }
    node.exitReplace();
    if (old != null) {
      node.recordHit(); // the policy's onHitWithoutLock, as a read records it
    }
    return old;
  }

  private V replaceUntimed(Stripe<K, V> stripe, int stamp, Node<K, V> node, V value) {
    long now = stampsUntimed ? ticker.read() : 0; // before the claim, as for timed replaces
    if (stripe.hitBuffer.holdOrderInPlace(stripe, stamp)) {
      try {
        if (stampsUntimed) {
          node.setWriteTime(now);
        }
        V old = node.replaceValue(value); // atomic: a replace claiming a slot may swap meanwhile
        assert node.isLinked(); // no write since the lookup: its node is still in the policy
        stripe.policy.onHit(node);
        return old;
      } finally {
        stripe.hitBuffer.releaseOrder();
      }
    }
    long slot = stripe.hitBuffer.claim(stripe, stamp);
    if (slot < 0) {
      return null;
    }
    if (stampsUntimed) {
      node.setWriteTime(now);
    }
    V old = node.replaceValue(value);
    publish(stripe, slot, node);
    return old;
  }

  private V replaceTimed(Stripe<K, V> stripe, int stamp, Node<K, V> node, V value) {
    int replaces = node.replaceStamp();
    if (!node.tryBeginReplace(replaces)) {
      return null;
    }
    long now = ticker.read(); // after the stamp, before the claim
    long slot = stripe.hitBuffer.claim(stripe, stamp);
    if (slot < 0) {
      node.abandonReplace();
      return null;
    }
    if (ExpiryRule.isExpired(node, now, ttlNanos) || stripe.mayHoldExpired(now, ttlNanos)) {
      node.abandonReplace();
      stripe.hitBuffer.cancel(slot);
      return null;
    }
    node.setWriteTime(now);
    V old = node.replaceValue(value);
    node.endReplace(replaces, slot);
    publish(stripe, slot, node);
    return old;
  }

  /** Fills a claimed slot with the replace's hit, and drains if the slot says so. */
  private static <K, V> void publish(Stripe<K, V> stripe, long slot, Node<K, V> node) {
    if (stripe.hitBuffer.publish(slot, node)) {
      stripe.tryDrainHits();
    }
  }
}
