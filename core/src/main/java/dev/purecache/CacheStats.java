package dev.purecache;

/**
 * An immutable snapshot of a cache's statistics.
 *
 * @param hitCount lookups that found a live value
 * @param missCount lookups that found none
 * @param loadSuccessCount loads that returned (a {@code null} result included)
 * @param loadFailureCount loads that threw, timed out or were cancelled
 * @param totalLoadTime nanoseconds spent in loads, successful or not
 * @param evictionCount entries removed by the cache itself (size or expiry)
 */
public record CacheStats(
    long hitCount,
    long missCount,
    long loadSuccessCount,
    long loadFailureCount,
    long totalLoadTime,
    long evictionCount) {

  /** Statistics with every count zero. */
  public static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0, 0);

  /**
   * Checks that no count is negative.
   *
   * @throws IllegalArgumentException naming a negative count
   */
  public CacheStats {
    requireNonNegative("hitCount", hitCount);
    requireNonNegative("missCount", missCount);
    requireNonNegative("loadSuccessCount", loadSuccessCount);
    requireNonNegative("loadFailureCount", loadFailureCount);
    requireNonNegative("totalLoadTime", totalLoadTime);
    requireNonNegative("evictionCount", evictionCount);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, was " + value);
    }
  }

  /** Returns hits plus misses. */
  public long requestCount() {
    return hitCount + missCount;
  }

  /** Returns hits over requests, or 1.0 when there were no requests. */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hitCount / requests;
  }

  /** Returns misses over requests, or 0.0 when there were no requests. */
  public double missRate() {
    long requests = requestCount();
    return requests == 0 ? 0.0 : (double) missCount / requests;
  }

  /** Returns successful plus failed loads. */
  public long loadCount() {
    return loadSuccessCount + loadFailureCount;
  }

  /** Returns failed loads over all loads, or 0.0 when there were none. */
  public double loadFailureRate() {
    long loads = loadCount();
    return loads == 0 ? 0.0 : (double) loadFailureCount / loads;
  }

  /** Returns the mean nanoseconds per load, or 0.0 when there were none. */
  public double averageLoadPenalty() {
    long loads = loadCount();
    return loads == 0 ? 0.0 : (double) totalLoadTime / loads;
  }
}
