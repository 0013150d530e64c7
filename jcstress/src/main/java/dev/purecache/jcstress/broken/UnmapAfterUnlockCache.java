package dev.purecache.jcstress.broken;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deliberately broken bounded cache shaped like ADAPTIVE: a read is a lock-free map lookup, an
 * insert takes the lock. Its eviction reports the victim and maps the new key under the lock, but
 * removes the victim from the map only after releasing it, so a read started after the report can
 * still return the evicted value (it is only ever used with new keys). The window is widened (see
 * {@link Window}) so that short runs on a loaded machine hit it.
 */
public final class UnmapAfterUnlockCache {
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Integer> evicted = new ConcurrentLinkedQueue<>();
  private final int capacity;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public UnmapAfterUnlockCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Returns the value of {@code key}, or null, without the lock.
   *
   * @param key the key
   * @return the value, or null
   */
  public Integer get(Integer key) {
    return map.get(key);
  }

  /**
   * Maps a new {@code key} to {@code value}, evicting another key if the cache is full.
   *
   * @param key the key
   * @param value the value
   */
  public void put(Integer key, Integer value) {
    Integer victim = null;
    lock.lock();
    try {
      if (map.size() >= capacity) {
        victim = map.keySet().iterator().next();
        evicted.add(victim);
      }
      map.put(key, value);
    } finally {
      lock.unlock();
    }
    if (victim != null) {
      Window.widen();
      map.remove(victim); // the bug: unmapped after the report and after the unlock
    }
  }

  /**
   * Returns whether {@code key} is mapped.
   *
   * @param key the key
   * @return whether it is mapped
   */
  public boolean containsKey(Integer key) {
    return map.containsKey(key);
  }

  /**
   * Counts the evictions reported for {@code key}.
   *
   * @param key the key
   * @return how many were reported
   */
  public int evictions(Integer key) {
    int n = 0;
    for (Integer k : evicted) {
      if (k.equals(key)) {
        n++;
      }
    }
    return n;
  }

  /**
   * Returns the number of evictions reported.
   *
   * @return the count
   */
  public int evictions() {
    return evicted.size();
  }

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  public int size() {
    return map.size();
  }
}
