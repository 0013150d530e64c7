package dev.purecache;

/** The eviction policy of a cache. */
public enum Policy {
  /** Least recently used: a full cache evicts the entry read or written longest ago. */
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
