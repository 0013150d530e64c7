package dev.purecache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What a built cache is, read-only: its policy, its bounds and how it runs. Returned by {@link
 * Cache#info()}; it never changes for a given cache.
 *
 * <pre>{@code
 * CacheInfo info = cache.info();
 * if (info.stripes() == 1) { ... }          // the policy is exact across the whole cache
 * String engine = info.loadEngine().name(); // "structured-task-scope" or "virtual-threads"
 * }</pre>
 *
 * @param policy the eviction policy
 * @param capacity the maximum number of entries, or empty for a cache without a size bound
 * @param ttl the time to live after each write, or empty for a cache without expiry
 * @param stripes the number of stripes, each with its own lock and eviction order; 1 means the
 *     policy is exact across the whole cache
 * @param loadEngine the engine that runs the cache's loads
 * @param loadTimeout the longest a load may take, or empty for no timeout
 * @param recordsStats whether {@link Cache#stats()} counts
 * @param maximumWeight the maximum total weight of a cache bounded by weight (see {@link
 *     CacheBuilder#maximumWeight(long)}), or empty
 * @param promptExpiry whether a thread of the cache reclaims expired entries at their deadlines
 *     (see {@link CacheBuilder#promptExpiry()})
 * @param refreshAfterWrite the age at which a read refreshes an entry (see {@link
 *     CacheBuilder#refreshAfterWrite(Duration)}), or empty
 * @param expireAfterAccess the time to live after each read or write (see {@link
 *     CacheBuilder#expireAfterAccess(Duration)}), or empty
 * @param perEntryExpiry whether an {@link Expiry} gives each entry its own time to live (see
 *     {@link CacheBuilder#expireAfter(Expiry)})
 */
public record CacheInfo(
    Policy policy,
    OptionalInt capacity,
    Optional<Duration> ttl,
    int stripes,
    LoadEngine loadEngine,
    Optional<Duration> loadTimeout,
    boolean recordsStats,
    OptionalLong maximumWeight,
    boolean promptExpiry,
    Optional<Duration> refreshAfterWrite,
    Optional<Duration> expireAfterAccess,
    boolean perEntryExpiry) {

  /**
   * Creates the information of a cache not bounded by weight and without prompt expiry.
   *
   * @param policy the eviction policy
   * @param capacity the maximum number of entries, or empty
   * @param ttl the time to live after each write, or empty
   * @param stripes the number of stripes
   * @param loadEngine the engine that runs the cache's loads
   * @param loadTimeout the longest a load may take, or empty
   * @param recordsStats whether {@link Cache#stats()} counts
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code stripes < 1}
   */
  public CacheInfo(
      Policy policy,
      OptionalInt capacity,
      Optional<Duration> ttl,
      int stripes,
      LoadEngine loadEngine,
      Optional<Duration> loadTimeout,
      boolean recordsStats) {
    this(
        policy, capacity, ttl, stripes, loadEngine, loadTimeout, recordsStats,
        OptionalLong.empty(), false);
  }

  /**
   * Creates the information of a cache without refresh, expire after access or per-entry expiry.
   *
   * @param policy the eviction policy
   * @param capacity the maximum number of entries, or empty
   * @param ttl the time to live after each write, or empty
   * @param stripes the number of stripes
   * @param loadEngine the engine that runs the cache's loads
   * @param loadTimeout the longest a load may take, or empty
   * @param recordsStats whether {@link Cache#stats()} counts
   * @param maximumWeight the maximum total weight, or empty
   * @param promptExpiry whether a thread of the cache reclaims expired entries at their deadlines
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code stripes < 1}
   */
  public CacheInfo(
      Policy policy,
      OptionalInt capacity,
      Optional<Duration> ttl,
      int stripes,
      LoadEngine loadEngine,
      Optional<Duration> loadTimeout,
      boolean recordsStats,
      OptionalLong maximumWeight,
      boolean promptExpiry) {
    this(
        policy, capacity, ttl, stripes, loadEngine, loadTimeout, recordsStats, maximumWeight,
        promptExpiry, Optional.empty(), Optional.empty(), false);
  }

  /**
   * Checks the components.
   *
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if {@code stripes < 1}
   */
  public CacheInfo {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(capacity, "capacity");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(loadEngine, "loadEngine");
    Objects.requireNonNull(loadTimeout, "loadTimeout");
    Objects.requireNonNull(maximumWeight, "maximumWeight");
    Objects.requireNonNull(refreshAfterWrite, "refreshAfterWrite");
    Objects.requireNonNull(expireAfterAccess, "expireAfterAccess");
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be >= 1, was " + stripes);
    }
  }

  /**
   * Returns the settings in one line, such as {@code policy=LRU_TTL, capacity=10000, ttl=PT5M,
   * stripes=32, engine=virtual-threads}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("policy=").append(policy);
    capacity.ifPresent(c -> s.append(", capacity=").append(c));
    maximumWeight.ifPresent(w -> s.append(", maximumWeight=").append(w));
    ttl.ifPresent(t -> s.append(", ttl=").append(t));
    expireAfterAccess.ifPresent(t -> s.append(", expireAfterAccess=").append(t));
    if (perEntryExpiry) {
      s.append(", expireAfter=Expiry");
    }
    refreshAfterWrite.ifPresent(t -> s.append(", refreshAfterWrite=").append(t));
    s.append(", stripes=").append(stripes).append(", engine=").append(loadEngine.name());
    loadTimeout.ifPresent(t -> s.append(", loadTimeout=").append(t));
    if (recordsStats) {
      s.append(", stats");
    }
    if (promptExpiry) {
      s.append(", promptExpiry");
    }
    return s.toString();
  }
}
