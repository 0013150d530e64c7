package dev.purecache.jcache.management;

import java.util.concurrent.atomic.LongAdder;
import javax.cache.management.CacheStatisticsMXBean;

/**
 * The JCache statistics of one cache, counted with striped adders and exposed as the {@code
 * CacheStatistics} MXBean. Times are kept in nanoseconds and reported as averages in
 * microseconds.
 */
public final class PureCacheStatistics implements CacheStatisticsMXBean {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder removals = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder getNanos = new LongAdder();
  private final LongAdder putNanos = new LongAdder();
  private final LongAdder removeNanos = new LongAdder();
  private volatile boolean enabled;

  /** Creates statistics, all zero, counting nothing until enabled. */
  public PureCacheStatistics() {}

  /**
   * Turns counting on or off.
   *
   * @param enabled whether to count
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * Returns whether counting is on: the cache's statistics flag.
   *
   * @return whether these statistics count
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Counts hits.
   *
   * @param n how many
   */
  public void hits(long n) {
    if (enabled && n != 0) {
      hits.add(n);
    }
  }

  /**
   * Counts misses.
   *
   * @param n how many
   */
  public void misses(long n) {
    if (enabled && n != 0) {
      misses.add(n);
    }
  }

  /**
   * Counts puts.
   *
   * @param n how many
   */
  public void puts(long n) {
    if (enabled && n != 0) {
      puts.add(n);
    }
  }

  /**
   * Counts removals.
   *
   * @param n how many
   */
  public void removals(long n) {
    if (enabled && n != 0) {
      removals.add(n);
    }
  }

  /**
   * Counts evictions.
   *
   * @param n how many
   */
  public void evictions(long n) {
    if (enabled && n != 0) {
      evictions.add(n);
    }
  }

  /**
   * Adds time spent in gets.
   *
   * @param nanos the time
   */
  public void getTime(long nanos) {
    if (enabled) {
      getNanos.add(nanos);
    }
  }

  /**
   * Adds time spent in puts.
   *
   * @param nanos the time
   */
  public void putTime(long nanos) {
    if (enabled) {
      putNanos.add(nanos);
    }
  }

  /**
   * Adds time spent in removals.
   *
   * @param nanos the time
   */
  public void removeTime(long nanos) {
    if (enabled) {
      removeNanos.add(nanos);
    }
  }

  @Override
  public void clear() {
    for (LongAdder a :
        new LongAdder[] {hits, misses, puts, removals, evictions, getNanos, putNanos, removeNanos}) {
      a.reset();
    }
  }

  @Override
  public long getCacheHits() {
    return hits.sum();
  }

  @Override
  public float getCacheHitPercentage() {
    long h = hits.sum();
    long total = h + misses.sum();
    return total == 0 ? 0f : 100f * h / total;
  }

  @Override
  public long getCacheMisses() {
    return misses.sum();
  }

  @Override
  public float getCacheMissPercentage() {
    long m = misses.sum();
    long total = m + hits.sum();
    return total == 0 ? 0f : 100f * m / total;
  }

  @Override
  public long getCacheGets() {
    return hits.sum() + misses.sum();
  }

  @Override
  public long getCachePuts() {
    return puts.sum();
  }

  @Override
  public long getCacheRemovals() {
    return removals.sum();
  }

  @Override
  public long getCacheEvictions() {
    return evictions.sum();
  }

  @Override
  public float getAverageGetTime() {
    return average(getNanos.sum(), getCacheGets());
  }

  @Override
  public float getAveragePutTime() {
    return average(putNanos.sum(), puts.sum());
  }

  @Override
  public float getAverageRemoveTime() {
    return average(removeNanos.sum(), removals.sum());
  }

  private static float average(long nanos, long count) {
    return count == 0 ? 0f : (nanos / 1000f) / count;
  }
}
