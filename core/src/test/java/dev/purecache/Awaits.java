package dev.purecache;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for a condition that other threads make true, for tests that must know when
 * callers have reached a point (for example, joined a load) before they go on. Each wait polls,
 * parking briefly between checks, and fails with an {@link AssertionError} naming what it waited
 * for once its patience runs out; none of them waits for time itself to pass.
 */
public final class Awaits {
  /** How long a wait lasts before it fails. */
  public static final long PATIENCE_SECONDS = 60;

  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

  private Awaits() {}

  /** Waits until {@code condition} holds; fails after {@link #PATIENCE_SECONDS}. */
  public static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out waiting until " + what);
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /**
   * Waits until the statistics count {@code n} misses: each caller that missed has joined or
   * started a load.
   */
  public static void misses(Supplier<CacheStats> stats, long n) {
    until(n + " misses (" + stats.get().missCount() + " at the start)",
        () -> stats.get().missCount() >= n);
  }

  /** Waits until {@code latch} is open; fails after {@link #PATIENCE_SECONDS}. */
  public static void latch(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("timed out waiting until " + what);
    }
  }

  /** Waits until {@code cache} counts {@code n} misses (it must record statistics). */
  public static void misses(Cache<?, ?> cache, long n) {
    misses(cache::stats, n);
  }
}
