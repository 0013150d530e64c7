package dev.purecache.jcstress.broken;

/**
 * Widens the race window of a broken cache. The broken caches' windows are a few instructions
 * wide, and short runs with few samples (200 ms per configuration on two busy cores) rarely land
 * the other actor inside one; a pause of a few microseconds there makes the forbidden outcome
 * show up in such runs without changing what the bug is.
 */
final class Window {
  private static final int SPINS = 5_000;

  private Window() {}

  /** Spins for a few microseconds. */
  static void widen() {
    for (int i = 0; i < SPINS; i++) {
      Thread.onSpinWait();
    }
  }
}
