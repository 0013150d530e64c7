package dev.purecache;

/**
 * A monotonic time source in nanoseconds, injectable so that tests of expiry never sleep.
 * Only differences between two readings are meaningful.
 *
 * <p>A cache reads its ticker on reads and writes of caches with expiry, sometimes while it holds
 * the lock of one stripe, so {@link #read()} must be fast and must never block: a slow ticker
 * delays the writers of that stripe. A lock-free replace reads it before it takes the place in
 * the stripe's buffer that writers wait for, so there a slow ticker delays only its caller.
 */
@FunctionalInterface
public interface Ticker {

  /**
   * Returns the current reading in nanoseconds.
   *
   * @return nanoseconds since an arbitrary, fixed origin
   */
  long read();

  /**
   * Returns the ticker backed by {@link System#nanoTime()}.
   *
   * @return the system ticker
   */
  static Ticker system() {
    return System::nanoTime;
  }
}
