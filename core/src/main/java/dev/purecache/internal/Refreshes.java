package dev.purecache.internal;

import dev.purecache.CacheLoader;
import dev.purecache.Ticker;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refresh after write: which reads start a reload, and explicit refreshes. The reloads themselves
 * are flights of the cache's {@link Loads} (see {@link Flight}), so they run on its engine, store
 * through its one state machine, and lose to a put, remove or clear as loads do.
 *
 * <h2>Implementation overview</h2>
 *
 * A read that hit ({@link #afterHit}) looks the entry up again (a cache without refresh has no
 * instance of this class and pays nothing) and, if it was written at least the interval ago and
 * no flight of its key is registered, takes the stripe lock and, inside a write, checks the entry
 * once more and registers a reload of its value: inside a write, so that a lock-free put of the
 * key either finishes before it (and the reload then refreshes the put's value) or falls back to
 * the lock and overtakes it. The read returns its value without waiting; reads during the reload
 * find its flight registered and start nothing. An entry that has expired is not refreshed: the
 * read missed it and loads it. While a reload with a load timeout is overdue and nobody waits
 * for it, the next read that finds the entry stale times it out.
 */
final class Refreshes<K, V> {
  private final ConcurrentHashMap<Object, Node<K, V>> map;
  private final Ticker ticker;
  private final long refreshNanos;
  private final long ttlNanos;
  private final boolean deadlines;
  private final Loads<K, V> loads;
  private final CacheLoader<K, V> loader;

  Refreshes(
      ConcurrentHashMap<Object, Node<K, V>> map,
      CacheSettings<K, V> settings,
      Loads<K, V> loads,
      CacheLoader<K, V> loader) {
    this.map = map;
    this.ticker = settings.ticker();
    this.refreshNanos = settings.refreshNanos();
    this.ttlNanos = settings.ttlNanos();
    this.deadlines = settings.hasDeadlines();
    this.loads = loads;
    this.loader = loader;
  }

  /** After a read of {@code key} returned {@code value}: starts a reload if the entry is stale. */
  void afterHit(Stripe<K, V> stripe, K key, V value) {
    Node<K, V> node = map.get(key);
    if (node == null || node.value != value || ticker.read() - node.writeTime() < refreshNanos) {
      return;
    }
    Flight<K, V> inFlight = stripe.flight(key);
    if (inFlight == null) {
      start(stripe, key, node);
    } else if (inFlight.hasDeadline() && inFlight.remainingNanos() <= 0) {
      loads.timedOut(inFlight);
    }
  }

  /** Starts a reload of the live entry of {@code key}, or a load if it has none, if none runs. */
  void refresh(Stripe<K, V> stripe, K key) {
    start(stripe, key, null);
  }

  /**
   * Registers and starts a reload of {@code stale} if it is still the key's live, stale entry or,
   * with {@code stale} null, a reload of the key's live entry or a load of a key without one;
   * nothing if a flight of the key is registered.
   */
  private void start(Stripe<K, V> stripe, K key, Node<K, V> stale) {
    Flight<K, V> flight = null;
    stripe.lock();
    try {
      if (stripe.flight(key) != null) {
        return;
      }
      stripe.beginWrite();
      try {
        Node<K, V> node = map.get(key);
        long now = ticker.read();
        boolean live =
            node != null
                && (ttlNanos == 0 || !ExpiryRule.isExpired(node, now, ttlNanos))
                && !(deadlines && ExpiryRule.isPastDeadline(node, now));
        if (stale == null) {
          flight =
              live
                  ? loads.registerReloadLocked(stripe, key, node, loader)
                  : loads.registerBackgroundLoadLocked(stripe, key, loader);
        } else if (node == stale && live && now - node.writeTime() >= refreshNanos) {
          flight = loads.registerReloadLocked(stripe, key, node, loader);
        }
      } finally {
        stripe.endWrite();
      }
    } finally {
      stripe.unlock();
    }
    if (flight != null) {
      loads.start(flight);
    }
  }
}
