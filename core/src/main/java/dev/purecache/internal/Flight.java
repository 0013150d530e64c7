package dev.purecache.internal;

import dev.purecache.LoadEngine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One load of one key in flight: what its callers wait on, and what the engine runs.
 *
 * <h2>Implementation overview</h2>
 *
 * A flight is registered in its stripe (so later callers join it) from the moment a caller
 * starts it until it completes, is superseded (a {@code put}, a {@code clear}), times out or is
 * cancelled. Its outcome is decided exactly once, under the stripe lock ({@link #settled}), in the
 * same step that stores the value: a load that stored its value answers with it, and a load that
 * timed out or was cancelled stored nothing. {@link #done} is completed right after, outside the
 * lock and after the removals its store caused were reported, so a caller that gets the value
 * also sees those reports. Callers wait on {@code done} with no lock held.
 *
 * <p>{@link #waiters} counts callers still waiting. A caller joins with a CAS that never raises it
 * from zero, so it may join without the stripe lock; once it drops to zero the flight is doomed: it
 * is cancelled (under the lock, unless it settled first) and nobody can join it any more. {@link
 * #parent} and {@link #blockedOn} form the wait-for graph that turns a load that needs its own key
 * into an {@link IllegalStateException} instead of a deadlock.
 */
final class Flight<K, V> implements LoadEngine.Load<V> {
  private static final VarHandle WAITERS;
  private static final VarHandle TOTAL_CALLERS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      WAITERS = lookup.findVarHandle(Flight.class, "waiters", int.class);
      TOTAL_CALLERS = lookup.findVarHandle(Flight.class, "totalCallers", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The flight whose loader runs on the current thread, if any. */
  static final ThreadLocal<Flight<?, ?>> CURRENT = new ThreadLocal<>();

  final K key;
  final Stripe<K, V> stripe;
  final CompletableFuture<V> done = new CompletableFuture<>();
  /** The flight whose loader started this one, or null. */
  final Flight<?, ?> parent;
  private final StripedCache<K, V> cache;
  private final Function<? super K, ? extends V> loader;
  private final long deadline;
  /** Callers waiting for this flight; changed only by CAS, never raised from zero. */
  private volatile int waiters = 1;
  /**
   * Whether the outcome is decided (stored, failed, timed out or cancelled); guarded by the stripe
   * lock. {@link #done} is completed after the decision, once its removals are reported.
   */
  boolean settled;
  /** Every caller that joined, the starter included; counted only for a JFR load event. */
  private volatile int totalCallers = 1;
  /** The flight this flight's loader waits for now, if any. */
  volatile Flight<?, ?> blockedOn;
  private volatile LoadEngine.Handle handle;
  /** Whether the load was to be cancelled, perhaps before the engine returned its handle. */
  private volatile boolean cancelRequested;
  /** The JFR event of this load, begun now if a recording enables it, else null. */
  final LoadEvent event = LoadEvent.beginIfEnabled();
  private volatile long startNanos;

  Flight(
      StripedCache<K, V> cache,
      Stripe<K, V> stripe,
      K key,
      Function<? super K, ? extends V> loader,
      long timeoutNanos) {
    this.cache = cache;
    this.stripe = stripe;
    this.key = key;
    this.loader = loader;
    this.parent = CURRENT.get();
    long now = System.nanoTime();
    this.deadline = timeoutNanos > 0 ? now + timeoutNanos : 0;
  }

  /** Joins as one more waiter; false if everybody already left (the flight is doomed). */
  boolean tryJoin() {
    for (int n = waiters; n > 0; n = waiters) {
      if (WAITERS.compareAndSet(this, n, n + 1)) {
        if (event != null) {
          TOTAL_CALLERS.getAndAdd(this, 1);
        }
        return true;
      }
    }
    return false;
  }

  /** A caller stops waiting for this flight; the last one to leave cancels the load. */
  void leave() {
    cache.leave(this);
  }

  /** Counts one waiter less; returns the waiters left. */
  int removeWaiter() {
    return (int) WAITERS.getAndAdd(this, -1) - 1;
  }

  /**
   * Closes the flight to joiners (it settled) and returns how many callers wait for it: each of
   * them takes effect when the flight answers. A caller that tries to join from now on fails and
   * looks the key up again, under the lock.
   */
  int closeJoining() {
    return Math.max(0, (int) WAITERS.getAndSet(this, 0));
  }

  /** Returns how many callers shared this flight (counted only while a JFR load event is on). */
  int totalCallers() {
    return totalCallers;
  }

  /** Returns whether every caller has left. */
  boolean isAbandoned() {
    return waiters == 0;
  }

  boolean hasDeadline() {
    return deadline != 0;
  }

  /** Nanoseconds left before the load timeout, at least 1 while it has not passed. */
  long remainingNanos() {
    return deadline - System.nanoTime();
  }

  /**
   * Remembers the engine's handle, and cancels at once if {@link #cancelLoad} came first. Each
   * side writes its own volatile field before it reads the other's, so at least one of them sees
   * both and cancels ({@link LoadEngine.Handle#cancel} is idempotent).
   */
  void started(LoadEngine.Handle started) {
    this.handle = started;
    if (cancelRequested) {
      started.cancel();
    }
  }

  /** Cancels the load, now if it has a handle, otherwise as soon as {@link #started} gives one. */
  void cancelLoad() {
    cancelRequested = true;
    LoadEngine.Handle h = handle;
    if (h != null) {
      h.cancel();
    }
  }

  /** Returns whether the current thread runs the loader of this flight or of one it started. */
  boolean isAncestorOfCurrentThread() {
    for (Flight<?, ?> f = CURRENT.get(); f != null; f = f.parent) {
      if (f == this) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String name() {
    return "purecache-load[" + key + "]";
  }

  @Override
  public Duration timeout() {
    return cache.loadTimeout();
  }

  @Override
  public V call() throws Exception {
    CURRENT.set(this);
    startNanos = System.nanoTime();
    try {
      return loader.apply(key);
    } finally {
      CURRENT.remove();
    }
  }

  long elapsedNanos() {
    return startNanos == 0 ? 0 : System.nanoTime() - startNanos;
  }

  @Override
  public void succeeded(V value) {
    cache.complete(this, value);
  }

  @Override
  public void failed(Throwable failure) {
    cache.fail(this, failure);
  }

  @Override
  public void timedOut() {
    cache.timeOut(this);
  }

  @Override
  public String toString() {
    return name();
  }
}
