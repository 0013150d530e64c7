package dev.purecache.internal;

import dev.purecache.Sleeper;
import dev.purecache.Ticker;
import java.lang.ref.WeakReference;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

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
 * again), and at most {@link #MAX_SLEEP_NANOS}. A write or read that sets a deadline tells this
 * object ({@link #onDeadline}); one earlier than the end of the sleep unparks the thread, which
 * looks again. Invariants, all fields volatile:
 *
 * <ul>
 *   <li>{@link #looking} is true from the start of each look at the stripes until {@link
 *       #wakeAt} holds the ticker reading at which the following sleep ends (or later, never
 *       earlier), which is written before {@link #looking} turns false. A look that fails (a
 *       ticker that threw) leaves it true, so the next deadline set, which needed a working
 *       ticker, wakes the thread to look again.
 *   <li>{@link #onDeadline} reads {@link #looking}, then {@link #wakeAt}: a deadline set after the
 *       look passed its stripe finds the thread still looking (it sets {@link #woken} and
 *       unparks), or finds the new {@link #wakeAt} to compare with. A look that ends with {@link
 *       #woken} set starts again at once, and an unpark that comes before the sleep makes the
 *       sleep of a parking {@link Sleeper} return at once.
 * </ul>
 *
 * So with a sleeper that parks ({@link Sleeper#system()}) and a working ticker, every entry is
 * reported within one overshoot plus one reclaim after its deadline; with a sleeper that does not
 * park, an entry given an earlier deadline than any the thread knew of is reported at most {@link
 * #MAX_SLEEP_NANOS} late. An unpark never disturbs anything else: a thread may return from a park
 * for no reason, and every caller of park looks again.
 *
 * <p>No sleep is longer than {@link #MAX_SLEEP_NANOS}, and the thread holds its cache only through
 * a weak reference, and strongly only while it reclaims: once the cache is unreachable and
 * collected, the thread ends at its next wake-up. An interrupt ends it at once.
 */
final class PromptExpiry {
  /** The longest sleep: how long a collected cache's thread may outlive it. */
  static final long MAX_SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final System.Logger LOG = System.getLogger(PromptExpiry.class.getName());

  private final Sleeper sleeper;
  private final Ticker ticker;
  /** How long to sleep when nothing is due: the time to live, or at most a second. */
  private final long idleNanos;
  /** The thread, once started; unparked by {@link #onDeadline}. */
  private volatile Thread thread;
  /** Whether the thread is looking at the stripes, its next wake-up not yet known. */
  private volatile boolean looking = true;
  /** The ticker reading at which the thread's sleep ends, while it is not looking. */
  private volatile long wakeAt;
  /** Set by {@link #onDeadline} while the thread looks: the look must start again. */
  private volatile boolean woken;

  /**
   * Prompt expiry for a cache whose entries live {@code ttlNanos}, or have deadlines of their
   * own if it is 0; {@link #start} starts its thread.
   */
  PromptExpiry(Sleeper sleeper, Ticker ticker, long ttlNanos) {
    this.sleeper = sleeper;
    this.ticker = ticker;
    this.idleNanos = ttlNanos == 0 ? MAX_SLEEP_NANOS : Math.min(ttlNanos, MAX_SLEEP_NANOS);
  }

  /** Starts the thread of prompt expiry of {@code cache}, which it holds weakly. */
  void start(StripedCache<?, ?> cache) {
    WeakReference<StripedCache<?, ?>> reference = new WeakReference<>(cache);
    Thread started =
        Thread.ofVirtual().name("purecache-prompt-expiry").unstarted(() -> run(reference));
    thread = started;
    started.start();
  }

  /**
   * Called after an entry's deadline was set to {@code deadline} (a ticker reading): wakes the
   * thread if that may be earlier than the end of its sleep. Never blocks.
   */
  void onDeadline(long deadline) {
    if (looking || deadline - wakeAt < 0) {
      woken = true;
      LockSupport.unpark(thread);
    }
  }

  private void run(WeakReference<StripedCache<?, ?>> reference) {
    for (; ; ) {
      woken = false;
      looking = true;
      long wait = reclaim(reference);
      if (wait < 0) {
        return; // the cache was collected
      }
      if (woken) {
        continue; // a deadline was set while the thread looked: look again
      }
      try {
        sleeper.sleep(wait);
      } catch (InterruptedException stop) {
        return;
      }
    }
  }

  /**
   * Reclaims the expired entries of the cache, if it is still reachable, sets {@link #wakeAt}
   * and then clears {@link #looking} (unless the look failed), and returns how long to sleep; -1
   * once the cache is collected. The only strong reference to the cache is this frame's.
   */
  private long reclaim(WeakReference<StripedCache<?, ?>> reference) {
    StripedCache<?, ?> cache = reference.get();
    if (cache == null) {
      return -1;
    }
    try {
      cache.cleanUp();
      long next = cache.nanosUntilNextExpiry();
      long wait = Math.max(1, Math.min(next, idleNanos));
      wakeAt = ticker.read() + wait; // read after the look: the sleep ends no later than this
      looking = false;
      return wait;
    } catch (RuntimeException failure) { // a ticker that threw: try again later
      LOG.log(System.Logger.Level.WARNING, "prompt expiry failed; retrying", failure);
      return idleNanos;
    }
  }
}
