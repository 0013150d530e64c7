package dev.purecache;

import java.time.Duration;

/**
 * How the thread of {@linkplain CacheBuilder#promptExpiry(Sleeper) prompt expiry} waits for the
 * next deadline. The default, {@link #system()}, sleeps the cache's virtual thread; tests inject
 * one that returns when they say, together with a manual {@link Ticker}, so that no test sleeps.
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
   * Returns the sleeper backed by {@link Thread#sleep(Duration)}, which on a virtual thread
   * unmounts it and holds no carrier.
   *
   * @return the system sleeper
   */
  static Sleeper system() {
    return nanos -> Thread.sleep(Duration.ofNanos(nanos));
  }
}
