package dev.purecache.internal;

import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoadTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How callers wait for the {@link Flight}s of one cache's {@link Loads}, and what they get.
 *
 * <h2>Implementation overview</h2>
 *
 * Every wait goes through {@link #awaitAll}: a caller of {@code computeIfAbsent} or of a
 * {@code getAll}, which joined its flights, and a {@code remove} or map-view update, which waits
 * for a flight to settle without joining it. It parks on the flights' answers with no lock held,
 * for at most each flight's remaining timeout (then times it out through {@link Loads#timedOut}),
 * and stops promptly when interrupted. Before it parks, a caller that runs inside a loader records
 * the flights it waits for in its own flight's {@link Flight#blockedOn} and follows that wait-for
 * graph: if it leads back to its own flight, waiting would never end, so it throws an {@link
 * IllegalStateException} instead. Each side writes its own edge before it reads the other's, so of
 * two loads that wait for each other at least one sees the cycle. A joined caller that stops
 * early leaves the flights it still waited for ({@link Loads#leave}); the last to leave cancels.
 *
 * <p>What callers get ({@link #result}): the loaded value; a loader's {@link RuntimeException} or
 * {@link Error} unchanged, the same instance for every caller; a checked exception wrapped in a
 * {@link CacheLoadException}; a {@link CacheLoadTimeoutException} after the timeout.
 */
final class LoadWait<K, V> {
  /** How far the wait-for graph is followed; longer chains are not cycles anyone can build. */
  private static final int MAX_WAIT_GRAPH = 1024;

  /** Answers a flight that timed out; never thrown to callers as such. */
  static final RuntimeException TIMED_OUT = new LoadEnded("timed out");

  /** Answers a flight nobody waits for any more; never thrown to callers as such. */
  static final RuntimeException CANCELLED = new LoadEnded("cancelled");

  private final Loads<K, V> loads;

  LoadWait(Loads<K, V> loads) {
    this.loads = loads;
  }


  /**
   * The one way to wait for loads. Parks, holding no lock, until every flight of {@code flights}
   * has answered or, for callers that joined them ({@code joined}), until one answers with a
   * failure; times out each flight whose deadline passes. A joined caller that stops early leaves
   * the flights it still waited for, so that one nobody waits for any more is cancelled.
   *
   * @return the flight that answered with a failure if that ended the wait, else null
   * @throws CacheInterruptedException if the thread is interrupted while waiting (its interrupt
   *     status is kept)
   * @throws IllegalStateException if a flight waits, directly or through others, for the load
   *     the calling thread runs
   */
  Flight<K, V> awaitAll(List<Flight<K, V>> flights, boolean joined) {
    if (flights.isEmpty()) {
      return null;
    }
    Flight<?, ?> self = Flight.CURRENT.get();
    if (self != null) {
      self.blockedOn = flights;
      Flight<?, ?> cycle = waitingFor(flights, self);
      if (cycle != null) {
        self.blockedOn = null;
        if (joined) {
          flights.forEach(loads::leave);
        }
        throw recursiveLoad(cycle.key);
      }
    }
    try {
      return awaitAnswers(flights, joined);
    } finally {
      if (self != null) {
        self.blockedOn = null;
      }
    }
  }

  private Flight<K, V> awaitAnswers(List<Flight<K, V>> flights, boolean joined) {
    if (flights.size() == 1) {
      Flight<K, V> flight = flights.get(0);
      try {
        awaitAnswer(flight);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (joined) {
          loads.leave(flight);
        }
        throw new CacheInterruptedException(
            "interrupted while waiting for the load of " + flight.key, e);
      }
      return joined && flight.failure() != null ? flight : null;
    }
    BlockingQueue<Flight<K, V>> answered = new LinkedBlockingQueue<>();
    for (Flight<K, V> flight : flights) {
      flight.done.whenComplete((value, unused) -> answered.add(flight));
    }
    Set<Flight<K, V>> pending = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    pending.addAll(flights);
    try {
      while (!pending.isEmpty()) {
        Flight<K, V> next = nextAnswered(answered, pending);
        if (next != null && pending.remove(next) && joined && next.failure() != null) {
          pending.forEach(loads::leave);
          return next;
        }
      }
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (joined) {
        pending.forEach(loads::leave);
      }
      Object key = flights.size() == 1 ? flights.get(0).key : flights.size() + " keys";
      throw new CacheInterruptedException("interrupted while waiting for the load of " + key, e);
    }
  }

  /** Parks on one flight's answer, timing it out once its deadline passes. */
  private void awaitAnswer(Flight<K, V> flight) throws InterruptedException {
    try {
      if (!flight.hasDeadline()) {
        flight.done.get();
        return;
      }
      long remaining = flight.remainingNanos();
      if (remaining > 0) {
        try {
          flight.done.get(remaining, TimeUnit.NANOSECONDS);
          return;
        } catch (java.util.concurrent.TimeoutException late) {
          // time it out below
        }
      }
      loads.timedOut(flight); // answers it, unless it settled first and its answer is on its way
      flight.done.get();
    } catch (java.util.concurrent.ExecutionException impossible) {
      throw new AssertionError("a flight's answer never completes exceptionally", impossible);
    }
  }

  /** Takes the next answered flight, timing out those past their deadline; null if none yet. */
  private Flight<K, V> nextAnswered(BlockingQueue<Flight<K, V>> answered, Set<Flight<K, V>> pending)
      throws InterruptedException {
    if (loads.timeoutNanos() == 0) {
      return answered.take();
    }
    long wait = Long.MAX_VALUE;
    for (Flight<K, V> flight : pending) {
      if (flight.hasDeadline() && !flight.done.isDone()) {
        long remaining = flight.remainingNanos();
        if (remaining <= 0) {
          loads.timedOut(flight);
        }
        wait = Math.min(wait, Math.max(remaining, 1));
      }
    }
    return answered.poll(wait, TimeUnit.NANOSECONDS);
  }

  /**
   * Returns a flight of {@code targets} from which the wait-for graph leads back to {@code self},
   * or null if none does. Follows at most {@link #MAX_WAIT_GRAPH} flights.
   */
  private static Flight<?, ?> waitingFor(List<? extends Flight<?, ?>> targets, Flight<?, ?> self) {
    for (Flight<?, ?> target : targets) {
      Deque<Flight<?, ?>> toVisit = new ArrayDeque<>();
      Set<Flight<?, ?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      toVisit.push(target);
      while (!toVisit.isEmpty() && seen.size() < MAX_WAIT_GRAPH) {
        Flight<?, ?> f = toVisit.pop();
        if (f.isSameLoad(self)) {
          return target;
        }
        List<? extends Flight<?, ?>> next = f.waitsFor();
        if (seen.add(f) && next != null) {
          next.forEach(toVisit::push);
        }
      }
    }
    return null;
  }

  /**
   * Returns what an answered flight gives its callers: its value, or its failure thrown as the
   * caller's exception.
   */
  static <V> V result(Flight<?, V> flight) {
    V value = flight.done.join();
    Throwable failure = flight.failure();
    if (failure == null) {
      return value;
    }
    if (failure == TIMED_OUT) {
      throw new CacheLoadTimeoutException(
          "the load of " + flight.key + " took longer than " + flight.timeout());
    }
    if (failure == CANCELLED) {
      throw new CacheLoadException("the load of " + flight.key + " was cancelled", null);
    }
    if (failure instanceof RuntimeException unchecked) {
      throw unchecked;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    throw new CacheLoadException("the load of " + flight.key + " failed: " + failure, failure);
  }

  /** The failure of a caller whose load needs its own key. */
  static IllegalStateException recursiveLoad(Object key) {
    return new IllegalStateException(
        "recursive load of key " + key + ": its loader asked for it again");
  }

  /** The outcome of a flight that ended without a result of its loader. */
  private static final class LoadEnded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoadEnded(String message) {
      super(message, null, false, false);
    }
  }
}
