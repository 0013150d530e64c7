package dev.purecache.internal;

import dev.purecache.CacheStats;
import java.util.concurrent.atomic.LongAdder;

/** Counts a cache's statistics with striped adders; a disabled counter counts nothing. */
final class StatsCounter {
  /**
   * Whether this counter counts. Hit paths test it before they call: a call the JIT leaves out of
   * line costs a read as much as its lookup.
   */
  final boolean enabled;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadTime = new LongAdder();
  private final LongAdder evictions = new LongAdder();

  StatsCounter(boolean enabled) {
    this.enabled = enabled;
  }

  void hit() {
    if (enabled) {
      hits.increment();
    }
  }

  void miss() {
    if (enabled) {
      misses.increment();
    }
  }

  /** Counts a lookup that found {@code value}: a hit if it is non-null, else a miss. */
  void lookup(Object value) {
    if (value != null) {
      hit();
    } else {
      miss();
    }
  }

  void loadSuccess(long nanos) {
    if (enabled) {
      loadSuccesses.increment();
      loadTime.add(nanos);
    }
  }

  void loadFailure(long nanos) {
    if (enabled) {
      loadFailures.increment();
      loadTime.add(nanos);
    }
  }

  void eviction() {
    if (enabled) {
      evictions.increment();
    }
  }

  CacheStats snapshot() {
    if (!enabled) {
      return CacheStats.EMPTY;
    }
    return new CacheStats(
        hits.sum(),
        misses.sum(),
        loadSuccesses.sum(),
        loadFailures.sum(),
        loadTime.sum(),
        evictions.sum());
  }
}
