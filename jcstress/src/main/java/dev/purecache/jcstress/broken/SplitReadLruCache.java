package dev.purecache.jcstress.broken;

import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deliberately broken LRU cache: {@code get} finds the value under the lock, releases it, and
 * applies recency in a second critical section, if the key is still there. A concurrent insert
 * between the two can evict the key that the read has just returned.
 */
public final class SplitReadLruCache {
  private final ReentrantLock lock = new ReentrantLock();
  /** Insertion order is recency order: the first key is the least recently used. */
  private final LinkedHashMap<Integer, Integer> map = new LinkedHashMap<>();
  private final int capacity;
  private volatile Integer evicted;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public SplitReadLruCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Returns the value of {@code key} or null, then (too late) makes it most recently used.
   *
   * @param key the key
   * @return the value, or null
   */
  public Integer get(Integer key) {
    Integer value;
    lock.lock();
    try {
      value = map.get(key);
    } finally {
      lock.unlock();
    }
    if (value != null) {
      lock.lock();
      try {
        Integer current = map.remove(key);
        if (current != null) {
          map.put(key, current);
        }
      } finally {
        lock.unlock();
      }
    }
    return value;
  }

  /**
   * Maps {@code key} to {@code value}, evicting the least recently used key when full.
   *
   * @param key the key
   * @param value the value
   */
  public void put(Integer key, Integer value) {
    lock.lock();
    try {
      if (map.remove(key) == null && map.size() >= capacity) {
        Integer victim = map.keySet().iterator().next();
        map.remove(victim);
        evicted = victim;
      }
      map.put(key, value);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the last key evicted for size, or null.
   *
   * @return the key
   */
  public Integer evicted() {
    return evicted;
  }
}
