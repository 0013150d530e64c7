package dev.purecache;

/**
 * The eviction policy of a cache. {@link #ADAPTIVE} is the builder's default, built for hit ratio
 * and read throughput; the four others are exact, for those who need an order they can reason
 * about hit by hit.
 */
public enum Policy {
  /**
   * Adaptive admission, the default: a small recency window in front of a main space that a
   * frequency sketch guards (W-TinyLFU), with the window's size tuned to the workload as it runs.
   * It keeps what is used often as well as what was used recently, and resists scans and loops,
   * so it hits more often than LRU or LFU on most workloads. A hit takes no lock and, once the
   * entry is hot, writes no shared memory, so reads scale with threads. Its order is approximate
   * by design: which entry a full cache evicts is decided by the policy, not by an exact recency
   * or frequency rule. With a {@linkplain CacheBuilder#ttl ttl} (optional), entries also expire a
   * fixed time after their last write, as under {@link #TTL}; a full cache reclaims expired
   * entries before it evicts a live one.
   */
  ADAPTIVE,
  /**
   * Least recently used: a full cache evicts the entry read or written longest ago. The policy of
   * {@link CacheBuilder#expireAfterAccess} and {@link CacheBuilder#expireAfter}, which add expiry
   * per entry to it.
   */
  LRU,
  /**
   * Least frequently used: each hit and each overwrite adds one to a key's frequency; a full
   * cache evicts the key of lowest frequency, ties broken by least recent use.
   */
  LFU,
  /**
   * Expire after write: an entry is visible for a fixed time to live after its last write;
   * a full (bounded) cache evicts the entry closest to expiry.
   */
  TTL,
  /** Both LRU and TTL: a full cache reclaims expired entries first, then the least recently used. */
  LRU_TTL
}
