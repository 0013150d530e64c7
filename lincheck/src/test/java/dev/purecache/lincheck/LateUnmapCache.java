package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.CacheInfo;
import dev.purecache.CacheStats;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A deliberately broken bounded cache shaped like ADAPTIVE: reads are a lock-free map lookup,
 * writes take the lock. Its eviction chooses the victim and maps the new key under the lock, but
 * removes the victim from the map only after releasing it. Each operation is correct when run
 * alone; concurrently, for a moment the map holds more entries than the capacity, and a lookup or
 * {@code size} sees the evicted entry next to the new one. Lincheck must report it.
 */
public final class LateUnmapCache implements Cache<Integer, Integer> {
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<Integer, Integer> map = new ConcurrentHashMap<>();
  private final int capacity;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public LateUnmapCache(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public Integer get(Integer key) {
    return map.get(key);
  }

  @Override
  public void put(Integer key, Integer value) {
    Integer victim;
    lock.lock();
    try {
      victim = storeLocked(key, value);
    } finally {
      lock.unlock();
    }
    unmap(victim);
  }

  /** Maps the key and returns the victim the caller must unmap, or null. */
  private Integer storeLocked(Integer key, Integer value) {
    Integer victim = null;
    if (!map.containsKey(key) && map.size() >= capacity) {
      for (Integer other : map.keySet()) {
        victim = other;
        break;
      }
    }
    map.put(key, value);
    return victim;
  }

  private void unmap(Integer victim) {
    if (victim != null) {
      map.remove(victim); // the bug: the victim leaves the map after the lock is released
    }
  }

  @Override
  public Integer computeIfAbsent(Integer key, Function<? super Integer, ? extends Integer> loader) {
    Integer value = map.get(key);
    if (value != null) {
      return value;
    }
    Integer victim = null;
    lock.lock();
    try {
      value = map.get(key);
      if (value == null) {
        value = loader.apply(key);
        victim = storeLocked(key, value);
      }
    } finally {
      lock.unlock();
    }
    unmap(victim);
    return value;
  }

  @Override
  public Map<Integer, Integer> getAll(
      Collection<? extends Integer> keys, Function<? super Integer, ? extends Integer> loader) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Integer remove(Integer key) {
    lock.lock();
    try {
      return map.remove(key);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean containsKey(Integer key) {
    return map.containsKey(key);
  }

  @Override
  public int size() {
    lock.lock();
    try {
      return map.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void clear() {
    throw new UnsupportedOperationException();
  }

  @Override
  public void cleanUp() {}

  @Override
  public CacheStats stats() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CacheInfo info() {
    throw new UnsupportedOperationException();
  }

  @Override
  public java.util.concurrent.ConcurrentMap<Integer, Integer> asMap() {
    throw new UnsupportedOperationException();
  }
}
