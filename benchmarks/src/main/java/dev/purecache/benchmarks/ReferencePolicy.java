package dev.purecache.benchmarks;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Simple, obviously correct sequential eviction policies used as the yardstick of the hit-ratio
 * replay. Each {@link #access} is a lookup; a miss inserts the key, evicting first if full.
 */
public interface ReferencePolicy {
  /** Looks {@code key} up; on a miss inserts it. Returns whether it was a hit. */
  boolean access(long key);

  /** Exact LRU: an access-ordered {@code LinkedHashMap} that drops its eldest entry. */
  static ReferencePolicy lru(int capacity) {
    return linked(capacity, true);
  }

  /** Exact FIFO (what a bounded expire-after-write cache does when nothing expires). */
  static ReferencePolicy fifo(int capacity) {
    return linked(capacity, false);
  }

  private static ReferencePolicy linked(int capacity, boolean accessOrder) {
    LinkedHashMap<Long, Boolean> map =
        new LinkedHashMap<>(16, 0.75f, accessOrder) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > capacity;
          }
        };
    return key -> {
      if (map.get(key) != null) {
        return true;
      }
      map.put(key, Boolean.TRUE);
      return false;
    };
  }

  /**
   * Exact LFU with least-recently-used tie-break: a new key has frequency 1, each hit adds 1, a
   * full cache evicts the lowest frequency, among those the least recently used.
   */
  static ReferencePolicy lfu(int capacity) {
    return new ReferencePolicy() {
      private final HashMap<Long, long[]> entries = new HashMap<>();
      // each entry: {key, frequency, lastUse}
      private final TreeSet<long[]> order =
          new TreeSet<>(
              (a, b) ->
                  a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
      private long clock;

      @Override
      public boolean access(long key) {
        long now = clock++;
        long[] entry = entries.get(key);
        if (entry != null) {
          order.remove(entry);
          entry[1]++;
          entry[2] = now;
          order.add(entry);
          return true;
        }
        if (entries.size() >= capacity) {
          long[] victim = order.pollFirst();
          entries.remove(victim[0]);
        }
        entry = new long[] {key, 1, now};
        entries.put(key, entry);
        order.add(entry);
        return false;
      }
    };
  }

  /** Adapts a cache: a lookup, and a put on a miss. */
  static ReferencePolicy of(BenchCache<Long, Long> cache) {
    return key -> {
      Long boxed = key;
      if (cache.get(boxed) != null) {
        return true;
      }
      cache.put(boxed, boxed);
      return false;
    };
  }
}
