package dev.purecache;

import java.util.concurrent.locks.LockSupport;

/**
 * How the thread of {@linkplain CacheBuilder#promptExpiry(Sleeper) prompt expiry} waits for the
 * next deadline. The default, {@link #system()}, parks the cache's virtual thread; tests inject
 * one that returns when they say, together with a manual {@link Ticker}, so that no test sleeps.
 *
 * <p>When a write or read gives an entry a deadline of its own ({@link
 * CacheBuilder#expireAfterAccess}, {@link CacheBuilder#expireAfter}) earlier than the end of the
 * current sleep, the cache unparks the thread ({@link LockSupport#unpark}). A sleeper that waits
 * with {@link LockSupport#parkNanos}, as {@link #system()} does, returns then, and the entry is
 * reported at its deadline; one that waits otherwise returns when it would have, and such an entry
 * is reported up to a second late.
 */
@FunctionalInterface
public interface Sleeper {

  /**
   * Returns after about {@code nanos} nanoseconds, or earlier; returning early only costs one
   * more look for expired entries.
   *
   * @param nanos how long to wait, positive
   * @throws InterruptedException if the thread is interrupted while it waits; the thread of
   *     prompt expiry then ends
   */
  void sleep(long nanos) throws InterruptedException;

  /**
   * Returns the sleeper backed by {@link LockSupport#parkNanos(long)}, which on a virtual thread
   * unmounts it and holds no carrier, and which returns early when the cache unparks the thread
   * for an earlier deadline (or for no reason, as a park may).
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return nanos -> {
      LockSupport.parkNanos(nanos);
      if (Thread.interrupted()) {
        throw new InterruptedException("prompt expiry interrupted");
      }
    };
  }
}
