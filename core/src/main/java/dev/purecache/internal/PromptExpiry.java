package dev.purecache.internal;

import dev.purecache.Sleeper;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;

/**
 * The thread of prompt expiry: one virtual thread per cache that sleeps until the next entry's
 * deadline, then reclaims what has expired (as {@code cleanUp} does), so that {@code EXPIRED}
 * listeners run without any read or write of the cache.
 *
 * <h2>Implementation overview</h2>
 *
 * With one time to live for every entry, the next deadline is the oldest write's, and an entry
 * written later expires no earlier; so after each reclaim the thread sleeps until that deadline,
 * or, with nothing to expire, for the time to live (no entry written meanwhile can expire sooner).
 * An EXPIRED listener therefore runs at most one sleep's overshoot plus one reclaim after the
 * deadline.
 *
 * <p>With deadlines per entry (expire after access, per-entry expiry) the thread sleeps until the
 * earliest deadline it found (a lower bound from the timer wheel, so it may wake early and look
 * again), and at most {@link #MAX_SLEEP_NANOS}: an entry written meanwhile with an earlier
 * deadline than any the thread knew of is reported within that second after its deadline; every
 * other within one overshoot plus one reclaim, as above. No sleep is longer than {@link #MAX_SLEEP_NANOS}, and the thread holds its cache only
 * through a weak reference, and strongly only while it reclaims: once the cache is unreachable and
 * collected, the thread ends at its next wake-up. An interrupt ends it at once.
 */
final class PromptExpiry {
  /** The longest sleep: how long a collected cache's thread may outlive it. */
  static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final System.Logger LOG = System.getLogger(PromptExpiry.class.getName());

  private PromptExpiry() {}

  /**
   * Starts the thread of prompt expiry of {@code cache}, whose entries live {@code ttlNanos}, or
   * have deadlines of their own if it is 0.
   */
  static void start(StripedCache<?, ?> cache, Sleeper sleeper, long ttlNanos) {
    WeakReference<StripedCache<?, ?>> reference = new WeakReference<>(cache);
    long idle = ttlNanos == 0 ? MAX_SLEEP_NANOS : Math.min(ttlNanos, MAX_SLEEP_NANOS);
    Thread.ofVirtual()
        .name("purecache-prompt-expiry")
        .start(() -> run(reference, sleeper, idle));
  }

  private static void run(
      WeakReference<StripedCache<?, ?>> reference, Sleeper sleeper, long idleNanos) {
    for (; ; ) {
      long wait = reclaim(reference, idleNanos);
      if (wait < 0) {
        return; // the cache was collected
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException stop) {
        return;
      }
    }
  }

  /**
   * Reclaims the expired entries of the cache, if it is still reachable, and returns how long to
   * sleep; -1 once the cache is collected. The only strong reference is this frame's.
   */
  private static long reclaim(WeakReference<StripedCache<?, ?>> reference, long idleNanos) {
    StripedCache<?, ?> cache = reference.get();
    if (cache == null) {
      return -1;
    }
    try {
      cache.cleanUp();
      long next = cache.nanosUntilNextExpiry();
      return Math.max(1, Math.min(next, Math.min(idleNanos, MAX_SLEEP_NANOS)));
    } catch (RuntimeException failure) { // a ticker that threw: try again later
      LOG.log(System.Logger.Level.WARNING, "prompt expiry failed; retrying", failure);
      return idleNanos;
    }
  }
}
