package dev.purecache.jcstress.broken;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A deliberately broken bounded cache with a lock-free replace: a put of a mapped key finds the
 * node, reads its value, writes its own and reports the old one as replaced, all without the lock,
 * without checking that the node is still mapped, and without making the read and the write one
 * step. An eviction that unmaps the node (and reports its value) in between makes the replace
 * report that value a second time and write its own value into a node no longer in the map, where
 * it is neither mapped nor ever reported; another replace in between makes both report the same
 * old value, and one new value is lost. The window between the read and the write is widened (see
 * {@link Window}) so that short runs on a loaded machine hit it.
 */
public final class UnlockedReplaceCache {
  private static final class Node {
    volatile Integer value;

    Node(Integer value) {
      this.value = value;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<Integer, Node> map = new ConcurrentHashMap<>();
  private final ConcurrentLinkedQueue<Integer> removedValues = new ConcurrentLinkedQueue<>();
  private final int capacity;

  /**
   * Creates an empty cache.
   *
   * @param capacity the maximum number of entries
   */
  public UnlockedReplaceCache(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Returns the value of {@code key}, or null.
   *
   * @param key the key
   * @return the value, or null
   */
  public Integer get(Integer key) {
    Node node = map.get(key);
    return node == null ? null : node.value;
  }

  /**
   * Maps {@code key} to {@code value}: a mapped key's value is swapped without the lock; a new key
   * is inserted under the lock, evicting another if the cache is full.
   *
   * @param key the key
   * @param value the value
   */
  public void put(Integer key, Integer value) {
    Node node = map.get(key);
    if (node != null) {
      Integer old = node.value;
      Window.widen();
      node.value = value; // the bug: the node may have been evicted, or the value swapped, since
      removedValues.add(old);
      return;
    }
    lock.lock();
    try {
      if (map.size() >= capacity) {
        Integer victim = map.keySet().iterator().next();
        removedValues.add(map.remove(victim).value);
      }
      map.put(key, new Node(value));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts how often {@code value} was reported removed (replaced or evicted).
   *
   * @param value the value
   * @return how many reports
   */
  public int reports(Integer value) {
    int n = 0;
    for (Integer v : removedValues) {
      if (v.equals(value)) {
        n++;
      }
    }
    return n;
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
}
