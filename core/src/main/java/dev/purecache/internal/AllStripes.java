package dev.purecache.internal;

import dev.purecache.RemovalCause;
import dev.purecache.Ticker;

/**
 * The operations of a {@link StripedCache} over every stripe at once: {@code clear} and {@code
 * size}, which hold every stripe lock together, and {@code cleanUp} and the next deadline for
 * prompt expiry, which visit the stripes one at a time.
 *
 * <p><b>Lock order</b>: {@link #clear} and {@link #size} take the stripe locks in ascending index
 * order and release them in descending order; no other thread holds two stripe locks, so they
 * never deadlock. Removals are reported after every lock is released.
 */
final class AllStripes<K, V> {
  private final StripedCache<K, V> cache;
  private final Stripe<K, V>[] stripes;
  private final Ticker ticker;
  private final long ttlNanos;

  AllStripes(StripedCache<K, V> cache, Stripe<K, V>[] stripes, Ticker ticker, long ttlNanos) {
    this.cache = cache;
    this.stripes = stripes;
    this.ticker = ticker;
    this.ttlNanos = ttlNanos;
  }

  /**
   * Removes every entry (cause EXPLICIT, or EXPIRED for those already expired) and detaches every
   * flight, so that loads in progress store nothing.
   */
  void clear() {
    Removals<K, V> removals = cache.newRemovals();
    lockAll();
    try {
      long now = cache.now();
      for (Stripe<K, V> stripe : stripes) {
        stripe.beginWrite();
        try {
          cache.entries.reclaimExpired(stripe, now, removals);
          for (Node<K, V> node; (node = stripe.policy.victim()) != null; ) {
            cache.entries.unlink(stripe, node);
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
    cache.afterWrite(removals);
  }

  /** The number of live entries at one instant, reclaiming the expired ones. */
  int size() {
    Removals<K, V> removals = cache.newRemovals();
    long live = 0;
    lockAll();
    try {
      long now = cache.now();
      for (Stripe<K, V> stripe : stripes) {
        cache.entries.reclaimExpiredInWrite(stripe, now, removals);
        live += stripe.policy.size();
      }
    } finally {
      unlockAll();
    }
    cache.afterWrite(removals);
    return (int) Math.min(live, Integer.MAX_VALUE);
  }

  /** Applies buffered hits and reclaims expired entries, one stripe at a time. */
  void cleanUp() {
    Removals<K, V> removals = cache.newRemovals();
    long now = cache.now();
    for (Stripe<K, V> stripe : stripes) {
      stripe.lock();
      try {
        stripe.drainHits();
        cache.entries.reclaimExpiredInWrite(stripe, now, removals);
      } finally {
        stripe.unlock();
      }
    }
    cache.afterWrite(removals);
  }

  /** Nanoseconds until the next entry expires, 0 if one has, MAX_VALUE if none. */
  long nanosUntilNextExpiry() {
    long next = Long.MAX_VALUE;
    for (Stripe<K, V> stripe : stripes) {
      next = Math.min(next, stripe.nanosUntilOldestExpires(ticker, ttlNanos));
    }
    return next;
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
}
