package dev.purecache.redis;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of a near cache beyond its local tier's own. Counting is off unless statistics
 * were asked for; a disabled recorder does nothing. Local hits are counted by the local tier
 * itself, so a local hit pays exactly what a purecache hit pays.
 */
final class StatsRecorder {
  private final boolean enabled;
  private final LongAdder redisHits = new LongAdder();
  private final LongAdder redisMisses = new LongAdder();
  private final LongAdder loadSuccesses = new LongAdder();
  private final LongAdder loadFailures = new LongAdder();
  private final LongAdder loadTime = new LongAdder();
  private final LongAdder invalidations = new LongAdder();
  private final LongAdder flushes = new LongAdder();
  private final LongAdder reconnects = new LongAdder();

  StatsRecorder(boolean enabled) {
    this.enabled = enabled;
  }

  void redisHit() {
    if (enabled) {
      redisHits.increment();
    }
  }

  void redisMiss() {
    if (enabled) {
      redisMisses.increment();
    }
  }

  void load(boolean success, long nanos) {
    if (enabled) {
      (success ? loadSuccesses : loadFailures).increment();
      loadTime.add(nanos);
    }
  }

  void invalidations(int keys) {
    if (enabled) {
      invalidations.add(keys);
    }
  }

  void flush() {
    if (enabled) {
      flushes.increment();
    }
  }

  void reconnect() {
    if (enabled) {
      reconnects.increment();
    }
  }

  NearCacheStats snapshot(long localHits, long localEvictions) {
    return new NearCacheStats(
        localHits,
        redisHits.sum(),
        redisMisses.sum(),
        loadSuccesses.sum(),
        loadFailures.sum(),
        loadTime.sum(),
        invalidations.sum(),
        flushes.sum(),
        reconnects.sum(),
        localEvictions);
  }
}
