package dev.purecache;

/** Why an entry left a cache. */
public enum RemovalCause {
  /** Evicted to keep the cache within its capacity. */
  SIZE,
  /** Its time to live ran out. */
  EXPIRED,
  /** Removed by {@link Cache#remove} or {@link Cache#clear}. */
  EXPLICIT,
  /** Its value was replaced by {@link Cache#put}. */
  REPLACED;

  /** Returns whether the cache removed the entry by itself (size or expiry). */
  public boolean wasEvicted() {
    return this == SIZE || this == EXPIRED;
  }
}
