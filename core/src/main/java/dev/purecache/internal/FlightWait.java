package dev.purecache.internal;

import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoadTimeoutException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a caller waits for a {@link Flight}: parked on its {@code done} future with no lock held,
 * for at most the load timeout, and what it then returns or throws.
 *
 * <h2>Implementation overview</h2>
 *
 * A caller that runs inside a loader (its thread has a {@link Flight#CURRENT} flight) records
 * the flight it is about to wait for in {@link Flight#blockedOn}, then follows that wait-for
 * graph from there: if it leads back to its own flight, waiting would never end (a loader that
 * needs its own key, directly or through other loads), so it throws an {@link
 * IllegalStateException} instead. Each caller that joined a flight either gets its answer or
 * leaves it (interrupted, or about to deadlock); the last caller to leave cancels the load. A
 * caller whose wait outlasts the load timeout times the flight out for everybody.
 */
final class FlightWait {
  /** How far a wait-for chain is followed; longer chains are not cycles anyone can build. */
  private static final int MAX_WAIT_CHAIN = 1024;

  /** Completes a flight that timed out; never thrown to callers as such. */
  static final RuntimeException TIMED_OUT = new LoadEnded("timed out");

  /** Completes a flight nobody waits for any more; never thrown to callers as such. */
  static final RuntimeException CANCELLED = new LoadEnded("cancelled");

  private FlightWait() {}

  /**
   * Waits for {@code flight} as one of its callers and returns its value or throws its failure.
   *
   * @throws CacheLoadException if the load failed or was cancelled
   * @throws CacheLoadTimeoutException if the load timeout passed
   * @throws CacheInterruptedException if the caller was interrupted while it waited
   * @throws IllegalStateException if the wait would be for the caller's own load
   */
  static <V> V await(Flight<?, V> flight) {
    waitFor(flight, true);
    return result(flight);
  }

  /** Waits for {@code flight} to end without joining it (for {@code remove}). */
  static void awaitSettled(Flight<?, ?> flight) {
    waitFor(flight, false);
  }

  /**
   * Parks until {@code flight} settles or its load timeout passes (then times it out), with no
   * lock held. A caller ({@code joined}) that is interrupted or would wait for itself leaves the
   * flight; a {@code remove} never joined it.
   */
  private static void waitFor(Flight<?, ?> flight, boolean joined) {
    Flight<?, ?> self = Flight.CURRENT.get();
    if (self != null) {
      self.blockedOn = flight;
      if (waitsFor(flight, self)) {
        self.blockedOn = null;
        if (joined) {
          flight.leave();
        }
        throw recursiveLoad(flight.key);
      }
    }
    try {
      if (flight.hasDeadline()) {
        flight.done.get(flight.remainingNanos(), TimeUnit.NANOSECONDS);
      } else {
        flight.done.get();
      }
    } catch (ExecutionException ended) {
      // the outcome is read by result(), or ignored by remove()
    } catch (TimeoutException e) {
      flight.timedOut();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (joined) {
        flight.leave();
      }
      throw new CacheInterruptedException(
          "interrupted while waiting for the load of " + flight.key, e);
    } finally {
      if (self != null) {
        self.blockedOn = null;
      }
    }
  }

  /**
   * Returns the value of a settled flight, or throws its failure as this caller's exception.
   * The outcome may be decided but not yet delivered (its removals are being reported): {@code
   * join} waits for that short step.
   */
  static <V> V result(Flight<?, V> flight) {
    try {
      return flight.done.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause == TIMED_OUT) {
        throw new CacheLoadTimeoutException(
            "the load of " + flight.key + " took longer than " + flight.timeout());
      }
      if (cause == CANCELLED) {
        throw new CacheLoadException("the load of " + flight.key + " was cancelled", null);
      }
      throw new CacheLoadException("the load of " + flight.key + " failed: " + cause, cause);
    }
  }

  /** Whether following the wait-for graph from {@code target} leads back to {@code self}. */
  private static boolean waitsFor(Flight<?, ?> target, Flight<?, ?> self) {
    Flight<?, ?> f = target;
    for (int i = 0; f != null && i < MAX_WAIT_CHAIN; i++, f = f.blockedOn) {
      if (f == self) {
        return true;
      }
    }
    return false;
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
