package dev.purecache.internal;

import dev.purecache.CacheLoader;
import dev.purecache.LoadEngine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One load of one key in flight: its state, its callers, and the work its engine runs.
 *
 * <h2>Implementation overview</h2>
 *
 * A flight is {@linkplain Outcome running} until it settles, exactly once, into one {@link
 * Outcome}. {@link #settle} is its only transition: it runs under the stripe lock, in the same
 * step in which the flight's value is stored (if it is), and unregisters the flight from its
 * stripe, so no later caller joins it. {@link #answer} then gives every caller the outcome, once,
 * with no lock held and after the removals of the store were reported: it counts the load in the
 * statistics, ends its JFR event, and completes {@link #done}, on which every caller parks (see
 * {@link LoadWait#awaitAll}). {@code done} always completes normally; a failure is read from {@link
 * #failure}, written before it.
 *
 * <p>A flight may also be <em>detached</em> while running: {@code clear()} unregisters every
 * flight without settling it, so it later answers its callers but stores nothing.
 *
 * <p>{@link #waiters} counts callers still waiting. A caller joins with a CAS that never raises it
 * from zero, so it may join without the stripe lock; once it drops to zero the flight is doomed:
 * it is cancelled (under the lock, unless it settled first) and nobody can join it any more.
 * {@link #parent} and {@link #blockedOn} form the wait-for graph that turns a load that needs its
 * own key into an {@link IllegalStateException} instead of a deadlock.
 *
 * <p>Two kinds of flight run without a caller of their own. A <em>reload</em> ({@link #reloads})
 * refreshes a live entry: readers keep getting the entry's value and never join it, so it holds
 * the first waiter slot itself, for good, and {@link #closeJoining} does not count it; a caller
 * joins it only once the entry is gone (expired or evicted), and then takes the reload's value
 * as a load's. A <em>background load</em> (a refresh of a key without a value) is a plain flight
 * whose starter does not wait. The flights of one {@link BulkLoad} share one engine task: their
 * {@link #bulk} makes them one load for the wait-for graph.
 * <p>A flight is <em>exclusive</em> when it is an atomic update of the map view ({@link Computes}):
 * its remapping function runs on its caller's thread, nobody joins it (loads and other updates of
 * the key wait for it to settle and then look again), it has no deadline, and it is neither
 * counted as a load nor recorded as a JFR load event.
 */
final class Flight<K, V> implements LoadEngine.Load<V> {
  /** How a flight settled; the name is the outcome of its JFR load event. */
  enum Outcome {
    /** The loader returned; its value was stored if the flight was registered and had callers. */
    SUCCESS,
    /** The loader threw; nothing was stored. */
    FAILURE,
    /** The load timeout passed; nothing was stored and the load was cancelled. */
    TIMEOUT,
    /** Every caller left; nothing was stored and the load was cancelled. */
    CANCELLED,
    /** A put stored a value first and answered the callers with it; the load was cancelled. */
    SUPERSEDED;

    /** The outcome as the JFR event names it. */
    String eventName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

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
  /** The flight whose loader started this one, or null. */
  final Flight<?, ?> parent;
  /** Completed by {@link #answer}, normally, with the value callers get (null on a failure). */
  final CompletableFuture<V> done = new CompletableFuture<>();
  /** The JFR event of this load, begun now if a recording enables it, else null. */
  final LoadEvent event;
  /** Whether this is an update of the map view, which nobody joins (see the class comment). */
  final boolean exclusive;

  /** The bulk load this flight is one key of, or null. */
  final BulkLoad<K, V> bulk;
  /** Whether this flight reloads a live entry (a refresh) rather than loading a missing one. */
  final boolean reloads;

  private final Loads<K, V> loads;
  /** Computes the value; null for the flights of a bulk load, whose task is the bulk's. */
  private final CacheLoader<? super K, ? extends V> loader;
  private final long deadline;
  /** Callers waiting for this flight; changed only by CAS, never raised from zero. */
  private volatile int waiters;
  /** Every caller that joined, the starter included; counted only for a JFR load event. */
  private volatile int totalCallers = 1;
  /** How the flight settled, or null while it runs; guarded by the stripe lock. */
  private Outcome outcome;
  /** What callers are answered with instead of a value; written before {@link #done} completes. */
  private volatile Throwable failure;
  /** The flights this flight's loader waits for now, if any (several for a getAll). */
  volatile List<? extends Flight<?, ?>> blockedOn;

  private volatile LoadEngine.Handle handle;
  /** Whether the load was to be cancelled, perhaps before the engine returned its handle. */
  private volatile boolean cancelRequested;
  private volatile long startNanos;

  Flight(
      Loads<K, V> loads,
      Stripe<K, V> stripe,
      K key,
      CacheLoader<? super K, ? extends V> loader,
      BulkLoad<K, V> bulk,
      boolean reloads) {
    this.loads = loads;
    this.stripe = stripe;
    this.key = key;
    this.loader = loader;
    this.bulk = bulk;
    this.reloads = reloads;
    this.parent = CURRENT.get();
    long timeout = loads.timeoutNanos();
    this.deadline = timeout > 0 ? System.nanoTime() + timeout : 0;
    this.exclusive = false;
    this.waiters = 1;
    this.event = LoadEvent.beginIfEnabled();
  }

  /** An exclusive flight: an update of {@code key} whose function its caller runs. */
  Flight(Loads<K, V> loads, Stripe<K, V> stripe, K key) {
    this.loads = loads;
    this.stripe = stripe;
    this.key = key;
    this.loader = null;
    this.bulk = null;
    this.reloads = false;
    this.parent = CURRENT.get();
    this.deadline = 0;
    this.exclusive = true;
    this.event = null;
  }

  // ---------------------------------------------------------------- state

  /**
   * Settles a running flight into {@code settled} and unregisters it; false, changing nothing,
   * if it had settled already. The caller holds the stripe lock.
   */
  boolean settle(Outcome settled) {
    assert stripe.isHeldByCurrentThread();
    if (outcome != null) {
      return false;
    }
    outcome = settled;
    stripe.unregister(this);
    return true;
  }

  /** Whether the flight is still the one registered for its key. The caller holds the lock. */
  boolean isRegistered() {
    assert stripe.isHeldByCurrentThread();
    return stripe.flight(key) == this;
  }

  /**
   * Answers every caller of a settled flight with {@code value} (success, superseded) or, if
   * {@code cause} is non-null, with that failure; called once, after the lock is released and the
   * store's removals are reported. The load is counted before any caller is answered, so a caller
   * that returns sees it counted.
   */
  void answer(V value, Throwable cause) {
    assert outcome != null && !stripe.isHeldByCurrentThread();
    if (!exclusive) {
      loads.report(this, outcome);
    }
    if (cause != null) {
      failure = cause;
    }
    done.complete(cause == null ? value : null);
  }

  /** The failure a settled, answered flight gives its callers, or null if it gave a value. */
  Throwable failure() {
    return failure;
  }

  // ---------------------------------------------------------------- callers

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
    int waiting = (int) WAITERS.getAndSet(this, 0);
    return Math.max(0, reloads ? waiting - 1 : waiting);
  }

  /**
   * Closes a reload that no caller joined to joiners, so that it may be dropped (a {@code remove}
   * of its entry); false if this is no reload or a caller joined it. The caller holds the lock.
   */
  boolean tryCloseUnjoinedReload() {
    assert stripe.isHeldByCurrentThread();
    return reloads && WAITERS.compareAndSet(this, 1, 0);
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

  /** Nanoseconds left before the load timeout; zero or less once it has passed. */
  long remainingNanos() {
    return deadline - System.nanoTime();
  }

  /** Returns whether the current thread runs the loader of this flight or of one it started. */
  boolean isAncestorOfCurrentThread() {
    for (Flight<?, ?> f = CURRENT.get(); f != null; f = f.parent) {
      if (isSameLoad(f)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code other} is this flight or a flight of the same bulk load. */
  boolean isSameLoad(Flight<?, ?> other) {
    return other == this || (bulk != null && other.bulk == bulk);
  }

  /** The flights this flight's loader waits for now: a bulk load's are its first flight's. */
  List<? extends Flight<?, ?>> waitsFor() {
    return bulk == null ? blockedOn : bulk.first().blockedOn;
  }

  /** Marks the start of the loader's run, for a flight whose bulk load runs it. */
  void markStarted(long nanos) {
    startNanos = nanos;
  }

  // ---------------------------------------------------------------- the engine's side

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

  long elapsedNanos() {
    return startNanos == 0 ? 0 : System.nanoTime() - startNanos;
  }

  @Override
  public String name() {
    return "purecache-load[" + key + "]";
  }

  @Override
  public Duration timeout() {
    return loads.timeout();
  }

  /**
   * Runs the remapping function of an exclusive flight on the calling thread, as this flight's
   * work: a load or update of the same key that it asks for is recognised as recursive.
   */
  V apply(BiFunction<? super K, ? super V, ? extends V> function, V current) {
    Flight<?, ?> outer = CURRENT.get();
    CURRENT.set(this);
    try {
      return function.apply(key, current);
    } finally {
      if (outer == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(outer);
      }
    }
  }

  @Override
  public V call() throws Exception {
    CURRENT.set(this);
    startNanos = System.nanoTime();
    try {
      return loader.load(key);
    } finally {
      CURRENT.remove();
    }
  }

  @Override
  public void succeeded(V value) {
    loads.completed(this, value);
  }

  @Override
  public void failed(Throwable cause) {
    loads.failed(this, cause);
  }

  @Override
  public void timedOut() {
    loads.timedOut(this);
  }

  @Override
  public String toString() {
    return name();
  }
}
