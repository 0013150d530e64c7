package dev.purecache.jcstress.broken;

import java.util.HashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deliberately broken bounded cache: {@code put} decides whether it must evict by reading the
 * size before it takes the lock. Two inserts of new keys that both see room overfill the cache (it is only
 * ever used with new keys).
 */
public final class CheckThenLockCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final HashMap<Integer, Integer> map = new HashMap<>();
  private final int capacity;
  private volatile int size;
  private int evictions;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public CheckThenLockCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Maps {@code key} to {@code value}, evicting an arbitrary other key if the cache looked full.
   *
   * @param key the key
   * @param value the value
   */
  public void put(Integer key, Integer value) {
    boolean full = size >= capacity; // the bug: checked before locking
    lock.lock();
    try {
      if (full) {
        Integer victim = map.keySet().iterator().next();
        map.remove(victim);
        evictions++;
      }
      map.put(key, value);
      size = map.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  public int size() {
    lock.lock();
    try {
      return map.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the number of evictions so far.
   *
   * @return the count
   */
  public int evictions() {
    lock.lock();
    try {
      return evictions;
    } finally {
      lock.unlock();
    }
  }
}
