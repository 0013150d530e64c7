package dev.purecache.internal;

import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoader;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Weigher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The single-flight loads of one cache: how callers start, join and wait for {@link Flight}s, and
 * how a flight's outcome is decided and stored.
 *
 * <h2>Implementation overview</h2>
 *
 * Each key has at most one registered flight, kept by its stripe. A caller that misses joins the
 * registered flight, without the lock if it can (the common case of a stampede), or else, under
 * the stripe lock, finds a live value (stored meanwhile), joins, or registers a new flight, which
 * it then hands to the {@link LoadEngine}. Every outcome is decided in one of five places, each
 * under the stripe lock and each through {@link Flight#settle}: the loader returned ({@link
 * #completed}, which stores the value in the same step, if the flight is still registered), it
 * threw ({@link #failed}), the timeout passed ({@link #timedOut}), every caller left ({@link
 * #leave}), or a put overtook it ({@link #overtakeLocked}). After the lock is released the
 * removals of the store are reported, and then {@link Flight#answer} answers every caller.
 *
 * <p>Two kinds of flight need no waiting caller (see {@link Flight}): a <em>reload</em> of a live
 * entry ({@link #startReload}), registered inside a write of its stripe so that a lock-free put
 * of the key that began before it falls back to the lock and overtakes it, and whose success
 * replaces the entry's value; and the flights of a {@link BulkLoad}, one per key, which one
 * engine task completes together.
 *
 * <p>Every wait, and what a caller then gets, is {@link LoadWait}'s.
 *
 * <p><b>Lock order</b>: at most one stripe lock at a time, and no waiting with it held; the cache's
 * side ({@link Mappings}) is called only with that lock held.
 */
final class Loads<K, V> {
  private static final System.Logger LOG = System.getLogger(Loads.class.getName());

  /** What loads need from the cache: its mappings, under the stripe lock. */
  interface Mappings<K, V> {

    /** Returns the live value of {@code key} and records the hit, or null; holds the lock. */
    V hitLocked(Stripe<K, V> stripe, Object key);

    /**
     * Stores a loaded value of this weight for {@code callers} callers (the first as the insert,
     * the others as hits on it), collecting what the insert evicts; holds the lock.
     */
    void storeLoadedLocked(
        Stripe<K, V> stripe, K key, V value, int weight, int callers, Removals<K, V> removals);

    /**
     * Stores a reloaded value of this weight: replaces the live entry of {@code key}, which then
     * counts {@code callers} hits; if it is gone (expired, evicted), stores the value as a load
     * for {@code callers} callers, or drops it if there are none; holds the lock.
     */
    void storeReloadedLocked(
        Stripe<K, V> stripe, K key, V value, int weight, int callers, Removals<K, V> removals);

    /** Stores an entry as {@code put} does (an extra entry of a bulk load); holds no lock. */
    void put(K key, V value);

    /**
     * In a write of its own: if the live value of {@code key} is {@code expected} (the same
     * instance; null for none), maps the key to {@code value} (first reclaiming the stripe's
     * expired entries, as a put does), or removes its mapping if {@code value} is null, collecting
     * what that replaces, removes, reclaims or evicts. Returns the live value it found (so with
     * both null it only reads, reclaiming the key's entry if it expired). Holds the lock, and a
     * flight of the key is registered, so no lock-free replace changes the value it reads.
     */
    V writeIfLocked(Stripe<K, V> stripe, K key, Object expected, V value, Removals<K, V> removals);

    /** Returns the stripe of {@code key}. */
    Stripe<K, V> stripeOf(Object key);

    /** Returns an empty collection of removals for one operation. */
    Removals<K, V> newRemovals();

    /** Reports removals to the listener and JFR; holds no lock. */
    void afterWrite(Removals<K, V> removals);
  }

  private final Mappings<K, V> mappings;
  private final LoadEngine engine;
  private final Duration timeout;
  private final long timeoutNanos;
  private final StatsCounter stats;
  private final LoadWait<K, V> waits = new LoadWait<>(this);
  private final Policy policy;
  private final Weigher<? super K, ? super V> weigher;

  Loads(Mappings<K, V> mappings, CacheSettings<K, V> settings, StatsCounter stats) {
    this.mappings = mappings;
    this.engine = settings.engine();
    this.timeout = settings.loadTimeout();
    this.timeoutNanos = timeout == null ? 0 : timeout.toNanos();
    this.stats = stats;
    this.policy = settings.policy();
    this.weigher = settings.weigher();
  }

  LoadEngine engine() {
    return engine;
  }

  Duration timeout() {
    return timeout;
  }

  long timeoutNanos() {
    return timeoutNanos;
  }

  // ---------------------------------------------------------------- starting and joining

  /**
   * Returns the value of a key that a lock-free read missed: joins its flight, or finds it stored
   * meanwhile, or starts a load; then waits. Counts one hit or miss.
   */
  V load(Stripe<K, V> stripe, K key, CacheLoader<? super K, ? extends V> loader) {
    for (; ; ) {
      Flight<K, V> joined = tryJoinWithoutLock(stripe, key);
      if (joined == null) {
        Ticket<K, V> ticket = joinOrStartLocked(stripe, key, loader, null);
        if (ticket.flight == null) {
          stats.hit();
          return ticket.value;
        }
        joined = ticket.flight;
        if (joined.exclusive) {
          awaitSettled(joined); // an update of the key runs: wait for it, then look again
          continue;
        }
        if (ticket.started) {
          start(joined);
        }
      }
      stats.miss();
      waits.awaitAll(List.of(joined), true);
      return LoadWait.result(joined);
    }
  }

  /**
   * Loads the keys a lock-free read missed and puts their non-null values into {@code found}:
   * joins the flights in progress, registers flights for the others and starts them, then waits
   * for all; the first failure is thrown. With a {@code bulk} load, the flights registered here
   * are its keys and its one task loads them; otherwise each runs {@code loader} on its own, all
   * started together (one {@link LoadEngine#startAll} call).
   */
  void loadAll(
      Collection<K> missing,
      CacheLoader<? super K, ? extends V> loader,
      BulkLoad<K, V> bulk,
      Map<K, V> found) {
    List<Flight<K, V>> waiting = new ArrayList<>(missing.size());
    List<Flight<K, V>> started = new ArrayList<>();
    List<K> updating = new ArrayList<>();
    try {
      for (K key : missing) {
        Ticket<K, V> ticket = joinOrStartLocked(mappings.stripeOf(key), key, loader, bulk);
        if (ticket.flight == null) {
          found.put(key, ticket.value);
        } else if (ticket.flight.exclusive) {
          updating.add(key); // loaded on its own once the update of the map view settles
        } else {
          waiting.add(ticket.flight);
          if (ticket.started) {
            started.add(ticket.flight);
          }
        }
      }
    } catch (RuntimeException recursive) {
      startAll(started, bulk); // registered flights must run or settle; leaving them cancels them
      waiting.forEach(this::leave);
      throw recursive;
    }
    startAll(started, bulk);
    Flight<K, V> failed = waits.awaitAll(waiting, true);
    if (failed != null) {
      LoadWait.result(failed); // throws its failure
    }
    for (Flight<K, V> flight : waiting) {
      V value = LoadWait.result(flight);
      if (value != null) {
        found.put(flight.key, value);
      }
    }
    for (K key : updating) {
      V value = load(mappings.stripeOf(key), key, loader);
      if (value != null) {
        found.put(key, value);
      }
    }
  }

  /** A live value found under the lock, or a flight joined or registered (and to be started). */
  private record Ticket<K, V>(V value, Flight<K, V> flight, boolean started) {}

  /**
   * Joins the registered flight of {@code key} without the stripe lock. Null if there is none to
   * join (no flight, or one everybody left).
   */
  private Flight<K, V> tryJoinWithoutLock(Stripe<K, V> stripe, Object key) {
    Flight<K, V> flight = stripe.flight(key);
    if (flight == null) {
      return null;
    }
    if (flight.isAncestorOfCurrentThread()) {
      throw LoadWait.recursiveLoad(key);
    }
    return !flight.exclusive && flight.tryJoin() ? flight : null;
  }

  /**
   * Under the stripe lock: returns the live value, or joins the registered flight, or registers a
   * new one, which the caller must start; an exclusive flight of the key is returned unjoined,
   * for the caller to wait until it settles.
   */
  private Ticket<K, V> joinOrStartLocked(
      Stripe<K, V> stripe, K key, CacheLoader<? super K, ? extends V> loader, BulkLoad<K, V> bulk) {
    Flight<K, V> abandoned = null;
    stripe.lock();
    try {
      V live = mappings.hitLocked(stripe, key);
      if (live != null) {
        return new Ticket<>(live, null, false);
      }
      Flight<K, V> flight = stripe.flight(key);
      if (flight != null) {
        if (flight.isAncestorOfCurrentThread()) {
          throw LoadWait.recursiveLoad(key);
        }
        if (flight.exclusive || flight.tryJoin()) {
          return new Ticket<>(null, flight, false);
        }
        if (flight.settle(Flight.Outcome.CANCELLED)) {
          abandoned = flight; // everybody left it: answer and cancel it, then start afresh
        }
      }
      flight = new Flight<>(this, stripe, key, bulk == null ? loader : null, bulk, false);
      stripe.register(flight);
      if (bulk != null) {
        bulk.add(flight);
      }
      return new Ticket<>(null, flight, true);
    } finally {
      stripe.unlock();
      if (abandoned != null) {
        answerCancelled(abandoned);
      }
    }
  }

  /**
   * Starts a load of {@code key} that nobody waits for (a refresh of a key without a value),
   * unless one is registered; the caller holds the lock. Returns the flight to {@link #start}
   * after unlocking, or null.
   */
  Flight<K, V> registerBackgroundLoadLocked(
      Stripe<K, V> stripe, K key, CacheLoader<? super K, ? extends V> loader) {
    assert stripe.isHeldByCurrentThread();
    if (stripe.flight(key) != null) {
      return null;
    }
    Flight<K, V> flight = new Flight<>(this, stripe, key, loader, null, false);
    stripe.register(flight);
    return flight;
  }

  /**
   * Registers a reload of {@code node}, the live entry of {@code key}, unless a flight of the key
   * is registered; the caller holds the lock and is inside a write of the stripe (see the class
   * comment). The reload is given the value the entry has once registered (see {@link
   * Node#awaitReplaces}). Returns the flight to {@link #start} after unlocking, or null.
   */
  Flight<K, V> registerReloadLocked(
      Stripe<K, V> stripe, K key, Node<K, V> node, CacheLoader<? super K, V> loader) {
    assert stripe.isHeldByCurrentThread();
    if (stripe.flight(key) != null) {
      return null;
    }
    Reload<K, V> reload = new Reload<>(loader);
    Flight<K, V> flight = new Flight<>(this, stripe, key, reload, null, true);
    stripe.register(flight);
    node.awaitReplaces();
    reload.oldValue = node.value; // no replace without the lock changes it from here
    return flight;
  }

  /**
   * A reload's loader: the user's {@code reload(key, oldValue)}, with the old value read once the
   * flight is registered; the flight starts after the lock is released, which publishes it.
   */
  private static final class Reload<K, V> implements CacheLoader<K, V> {
    private final CacheLoader<? super K, V> loader;
    private V oldValue;

    Reload(CacheLoader<? super K, V> loader) {
      this.loader = loader;
    }

    @Override
    public V load(K key) throws Exception {
      return loader.reload(key, oldValue);
    }
  }

  /**
   * Inside a remove of a live entry whose reload is in flight: drops the reload if no caller
   * joined it (the remove wins, without waiting); returns whether it did. The caller holds the
   * lock and, if true, calls {@link #answerDropped} after unlocking.
   */
  boolean dropReloadLocked(Flight<K, V> flight) {
    return flight.tryCloseUnjoinedReload() && flight.settle(Flight.Outcome.CANCELLED);
  }

  /** Answers a reload dropped by {@link #dropReloadLocked} and cancels it; null does nothing. */
  void answerDropped(Flight<K, V> flight) {
    if (flight != null) {
      answerCancelled(flight);
    }
  }

  /** Hands a registered flight to the engine; a failure of the engine fails the flight. */
  void start(Flight<K, V> flight) {
    try {
      flight.started(engine.start(flight));
    } catch (RuntimeException | Error engineFailure) {
      failed(flight, engineFailure);
    }
  }

  private void startAll(List<Flight<K, V>> flights, BulkLoad<K, V> bulk) {
    if (flights.isEmpty()) {
      return;
    }
    if (bulk != null) {
      bulk.start(engine);
      return;
    }
    List<LoadEngine.Handle> handles;
    try {
      handles = engine.startAll(flights);
    } catch (RuntimeException | Error engineFailure) {
      for (Flight<K, V> flight : flights) {
        failed(flight, engineFailure);
      }
      return;
    }
    for (int i = 0; i < flights.size(); i++) {
      flights.get(i).started(handles.get(i));
    }
  }

  // ---------------------------------------------------------------- outcomes

  /** The loader returned: stores the value if the flight is still registered, answers callers. */
  void completed(Flight<K, V> flight, V value) {
    int weight;
    try {
      weight = value == null ? 0 : Weights.weigh(weigher, flight.key, value); // no lock held
    } catch (RuntimeException | Error weigherFailure) {
      failed(flight, weigherFailure);
      return;
    }
    Stripe<K, V> stripe = flight.stripe;
    Removals<K, V> removals = mappings.newRemovals();
    boolean settled;
    stripe.lock();
    try {
      boolean registered = flight.isRegistered();
      // A reload that returns null keeps the old value: it counts as a failure
      settled =
          flight.settle(
              flight.reloads && value == null ? Flight.Outcome.FAILURE : Flight.Outcome.SUCCESS);
      if (settled) {
        int callers = flight.closeJoining();
        if (registered && value != null && flight.reloads) {
          mappings.storeReloadedLocked(stripe, flight.key, value, weight, callers, removals);
        } else if (registered && value != null && callers > 0) {
          // Stored only for callers: the first takes effect as the insert, the others as hits
          mappings.storeLoadedLocked(stripe, flight.key, value, weight, callers, removals);
        }
      }
    } finally {
      stripe.unlock();
    }
    if (settled) {
      mappings.afterWrite(removals);
      flight.answer(value, null);
    }
  }

  /** The loader threw: every caller gets the failure, nothing is stored. */
  void failed(Flight<K, V> flight, Throwable cause) {
    if (end(flight, Flight.Outcome.FAILURE, cause) && flight.reloads) {
      LOG.log(System.Logger.Level.WARNING, "reload of key " + flight.key + " failed", cause);
    }
  }

  /** An extra entry of a bulk load: stored as a put. */
  void storeExtra(K key, V value) {
    mappings.put(key, value);
  }

  /** The load timeout passed: nothing is stored, callers get a timeout, the load is cancelled. */
  void timedOut(Flight<K, V> flight) {
    if (end(flight, Flight.Outcome.TIMEOUT, LoadWait.TIMED_OUT)) {
      flight.cancelLoad();
    }
  }

  /** A caller stops waiting; the last one to leave cancels the load. */
  void leave(Flight<K, V> flight) {
    if (flight.removeWaiter() > 0) {
      return;
    }
    Stripe<K, V> stripe = flight.stripe;
    boolean cancelled;
    stripe.lock();
    try {
      cancelled = flight.isAbandoned() && flight.settle(Flight.Outcome.CANCELLED);
    } finally {
      stripe.unlock();
    }
    if (cancelled) {
      answerCancelled(flight);
    }
  }

  private void answerCancelled(Flight<K, V> flight) {
    flight.answer(null, LoadWait.CANCELLED);
    flight.cancelLoad();
  }

  /** Settles a flight unsuccessfully and answers its callers; false if it had settled already. */
  private boolean end(Flight<K, V> flight, Flight.Outcome outcome, Throwable cause) {
    Stripe<K, V> stripe = flight.stripe;
    boolean settled;
    stripe.lock();
    try {
      settled = flight.settle(outcome);
    } finally {
      stripe.unlock();
    }
    if (settled) {
      flight.answer(null, cause);
    }
    return settled;
  }

  /**
   * Inside a put of {@code key}, now stored in {@code node}: a load of the key in flight will not
   * store over it. Its callers get the put's value, each as a hit right after the put (for LFU,
   * one more use each): that is the order in which they take effect, which keeps them
   * linearizable. Returns the flight for {@link #answerOvertaken} after unlocking, or null.
   */
  Flight<K, V> overtakeLocked(Stripe<K, V> stripe, Object key, Node<K, V> node) {
    Flight<K, V> flight = stripe.flight(key);
    if (flight == null || !flight.settle(Flight.Outcome.SUPERSEDED)) {
      return null;
    }
    int callers = flight.closeJoining();
    if (callers > 0) {
      stripe.policy.onHits(node, callers);
    }
    return flight;
  }

  /** Answers a flight a put overtook with the put's value, and cancels its load. */
  void answerOvertaken(Flight<K, V> flight, V value) {
    if (flight != null) {
      flight.answer(value, null);
      flight.cancelLoad();
    }
  }

  /**
   * Ends a settled flight's JFR event, then counts the flight in the statistics: whoever sees the
   * count can find the event already committed.
   */
  void report(Flight<K, V> flight, Flight.Outcome outcome) {
    String name = outcome.eventName();
    LoadEvent.end(flight.event, flight.key, policy, name, flight.totalCallers(), flight.reloads);
    if (outcome == Flight.Outcome.SUCCESS) {
      stats.loadSuccess(flight.elapsedNanos());
    } else {
      stats.loadFailure(flight.elapsedNanos());
    }
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Waits until the registered flight of a key being removed has settled, without joining it (see
   * {@link LoadWait#awaitAll}); the remove then looks again. The caller holds no lock.
   *
   * @throws CacheInterruptedException if interrupted while waiting
   * @throws IllegalStateException if the flight waits, directly or not, for the caller's own load
   */
  void awaitSettled(Flight<K, V> flight) {
    waits.awaitAll(List.of(flight), false);
  }
}
