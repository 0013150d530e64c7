package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.CacheInfo;
import dev.purecache.CacheStats;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * A deliberately broken LRU cache: {@code get} looks the key up under the lock, releases it, and
 * only then re-locks to make the key most recently used, if it is still there. Every single
 * operation is correct when run alone, but a concurrent insert can evict the key between the two
 * steps, so a {@code get} that returned a value has not made it recently used before that
 * eviction: exactly the lost read that a lossy read buffer would cause. Lincheck must report it.
 */
public final class BrokenLruCache implements Cache<Integer, Integer> {
  private final ReentrantLock lock = new ReentrantLock();
  /** Insertion order is recency order: the first key is the least recently used. */
  private final LinkedHashMap<Integer, Integer> map = new LinkedHashMap<>();
  private final int capacity;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public BrokenLruCache(int capacity) {
    this.capacity = capacity;
  }

  @Override
  public Integer get(Integer key) {
    Integer value;
    lock.lock();
    try {
      value = map.get(key);
    } finally {
      lock.unlock();
    }
    if (value != null) {
      lock.lock(); // the bug: recency is applied in a second critical section
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

  @Override
  public void put(Integer key, Integer value) {
    lock.lock();
    try {
      putLocked(key, value);
    } finally {
      lock.unlock();
    }
  }

  private void putLocked(Integer key, Integer value) {
    if (map.remove(key) == null && map.size() >= capacity) {
      map.remove(map.keySet().iterator().next());
    }
    map.put(key, value);
  }

  @Override
  public Integer computeIfAbsent(Integer key, Function<? super Integer, ? extends Integer> loader) {
    lock.lock();
    try {
      Integer value = map.remove(key);
      if (value == null) {
        value = loader.apply(key);
      }
      putLocked(key, value);
      return value;
    } finally {
      lock.unlock();
    }
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
    lock.lock();
    try {
      return map.containsKey(key);
    } finally {
      lock.unlock();
    }
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
  public ConcurrentMap<Integer, Integer> asMap() {
    throw new UnsupportedOperationException();
  }

  @Override
  public CacheInfo info() {
    throw new UnsupportedOperationException();
  }
}
