package dev.purecache.internal;

import java.util.function.BiFunction;

/**
 * The map view's atomic updates of one key ({@code compute}, {@code merge}, {@code putIfAbsent},
 * {@code replace}, ...): each is an exclusive {@link Flight} of the key, in the one state machine
 * of {@link Loads}.
 *
 * <h2>Implementation overview</h2>
 *
 * An update waits, with no lock held, until no flight of its key is registered (a load, or
 * another update), then, under the stripe lock, registers its own and reads the key's live value
 * in a write (which fences off lock-free replaces: from then on every put of the key takes the
 * lock and finds the flight). It runs its function on the calling thread, holding no lock, with
 * the flight as the thread's current flight, so a function that asks for its own key, directly or
 * through loads of other keys, gets an {@link IllegalStateException}. Then, under the lock, it
 * settles the flight and, in the same write, stores the result if the key still holds the value
 * the function saw.
 *
 * <p>While the flight is registered, loads and updates of the key wait for it, a {@code remove}
 * waits for it, and a {@code put} overtakes it: the put wins, the update stores nothing and
 * returns its result (it takes effect just before the put). A {@code clear} detaches it: it
 * stores nothing (it takes effect just before the clear). Only eviction or expiry can change the
 * value under it; then the update runs again on the new state (the key is then absent, so it runs
 * at most twice that way).
 */
final class Computes<K, V> {
  private final Loads<K, V> loads;
  private final Loads.Mappings<K, V> mappings;

  Computes(Loads<K, V> loads, Loads.Mappings<K, V> mappings) {
    this.loads = loads;
    this.mappings = mappings;
  }

  /**
   * Maps {@code key} to {@code function(key, live value or null)}, or removes its mapping if that
   * is null, atomically; returns the function's result. A function returning the live value
   * itself (the same instance) changes nothing.
   *
   * @throws IllegalStateException if the function asks for {@code key}, directly or through loads
   *     of other keys, or if the caller is a loader or function of {@code key}
   * @throws dev.purecache.CacheInterruptedException if interrupted while waiting for a load or
   *     update of the key
   */
  V update(K key, BiFunction<? super K, ? super V, ? extends V> function) {
    Stripe<K, V> stripe = mappings.stripeOf(key);
    for (; ; ) {
      Flight<K, V> busy;
      Flight<K, V> flight = null;
      V current = null;
      Removals<K, V> removals = mappings.newRemovals();
      stripe.lock();
      try {
        busy = stripe.flight(key);
        if (busy == null) {
          flight = new Flight<>(loads, stripe, key);
          stripe.register(flight);
          current = mappings.writeIfLocked(stripe, key, null, null, removals); // reads
        } else if (busy.isAncestorOfCurrentThread()) {
          throw LoadWait.recursiveLoad(key);
        }
      } finally {
        stripe.unlock();
      }
      mappings.afterWrite(removals);
      if (busy != null) {
        loads.awaitSettled(busy);
        continue;
      }
      V result;
      try {
        result = flight.apply(function, current);
      } catch (RuntimeException | Error e) {
        loads.failed(flight, e);
        throw e;
      }
      if (settle(flight, current, result)) {
        return result;
      }
    }
  }

  /**
   * Settles an update and stores its result if its key still holds {@code current}; returns
   * false if the entry was evicted or expired meanwhile, so the update must run again.
   */
  private boolean settle(Flight<K, V> flight, V current, V result) {
    Stripe<K, V> stripe = flight.stripe;
    Removals<K, V> removals = mappings.newRemovals();
    boolean settled;
    V found = current;
    stripe.lock();
    try {
      boolean registered = flight.isRegistered(); // not if a clear detached it
      settled = flight.settle(Flight.Outcome.SUCCESS); // not if a put overtook it
      if (settled && registered) {
        found = mappings.writeIfLocked(stripe, flight.key, current, result, removals);
      }
    } finally {
      stripe.unlock();
    }
    if (settled) {
      mappings.afterWrite(removals);
      flight.answer(result, null);
    }
    return found == current;
  }
}
