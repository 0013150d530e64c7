package dev.purecache;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

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
 */
public record CacheInfo(
    Policy policy,
    OptionalInt capacity,
    Optional<Duration> ttl,
    int stripes,
    LoadEngine loadEngine,
    Optional<Duration> loadTimeout,
    boolean recordsStats) {

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
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be >= 1, was " + stripes);
    }
  }

  /**
   * Returns the settings in one line, such as {@code policy=LRU_TTL, capacity=10000, ttl=PT5M,
   * stripes=16, engine=virtual-threads}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("policy=").append(policy);
    capacity.ifPresent(c -> s.append(", capacity=").append(c));
    ttl.ifPresent(t -> s.append(", ttl=").append(t));
    s.append(", stripes=").append(stripes).append(", engine=").append(loadEngine.name());
    loadTimeout.ifPresent(t -> s.append(", loadTimeout=").append(t));
    if (recordsStats) {
      s.append(", stats");
    }
    return s.toString();
  }
}
