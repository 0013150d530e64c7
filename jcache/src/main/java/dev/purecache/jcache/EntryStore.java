package dev.purecache.jcache;

import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.jcache.EntryListeners.Events;
import dev.purecache.jcache.management.PureCacheStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.cache.event.EventType;

/**
 * The purecache cache that holds one JCache cache's entries, as {@link Expirable}s, with the key
 * index that purecache, having no iteration, cannot provide.
 *
 * <p>The index maps every stored key to its {@code Expirable}: it is updated before each store,
 * and an entry leaves it only through purecache's removal listener (with the same {@code
 * Expirable}), so it always holds at least the stored entries.
 *
 * <p>Each write ({@link #put}, {@link #remove}, {@link #clear}) is made for an operation, whose
 * {@link Events} receive the EXPIRED event of every entry past the time-to-live cap that
 * purecache reclaims inside the write: purecache calls its removal listener inside the write, on
 * the writing thread, which finds the operation's events in a thread-local. So each such entry is
 * reported once, by the operation whose write removed it, and dispatched with its other events.
 * Evictions (by size or by the cap) are counted in the statistics.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class EntryStore<K, V> {

  /**
   * A stored value with its JCache expiry deadline, in ticker nanoseconds.
   *
   * @param <V> the value type
   */
  static final class Expirable<V> {
    final V value;
    volatile long expireAt;

    Expirable(V value, long expireAt) {
      this.value = value;
      this.expireAt = expireAt;
    }
  }

  private final dev.purecache.Cache<Object, Expirable<V>> store;
  private final ConcurrentHashMap<Object, Expirable<V>> index = new ConcurrentHashMap<>();
  /** The events of the operation whose write of {@link #store} runs on this thread. */
  private final ThreadLocal<Events<K, V>> writeEvents = new ThreadLocal<>();
  private final PureCacheStatistics statistics;

  /**
   * A store with {@code config}'s capacity, time-to-live cap (policy LRU+TTL; LRU without one) and
   * ticker, counting evictions in {@code statistics}.
   */
  EntryStore(PureConfiguration<K, V> config, PureCacheStatistics statistics) {
    this.statistics = statistics;
    CacheBuilder<Object, Expirable<V>> builder =
        CacheBuilder.newBuilder()
            .capacity(config.getCapacity())
            .ticker(config.getTicker())
            .<Object, Expirable<V>>removalListener(this::onRemoval);
    if (config.getTimeToLive() != null) {
      builder.policy(Policy.LRU_TTL).ttl(config.getTimeToLive());
    } else {
      builder.policy(Policy.LRU);
    }
    this.store = builder.build();
  }

  /** The entry of {@code key}; null if there is none or it is past the time-to-live cap. */
  Expirable<V> get(Object key) {
    return store.get(key);
  }

  /** Whether {@code key} has an entry within both its deadline and the cap; no LRU effect. */
  boolean containsLive(Object key, long now) {
    Expirable<V> e = index.get(key);
    return e != null && e.expireAt > now && store.containsKey(key);
  }

  /** A snapshot of the keys of the stored entries (and maybe of some just removed). */
  List<Object> keys() {
    return new ArrayList<>(index.keySet());
  }

  /** Stores {@code e} for {@code key}, for the operation of {@code events}. */
  void put(Object key, Expirable<V> e, Events<K, V> events) {
    index.put(key, e);
    writing(
        events,
        () -> {
          store.put(key, e);
          return null;
        });
  }

  /**
   * Removes the entry of {@code key}, for the operation of {@code events}.
   *
   * @return the entry, or null if there was none or it was past the cap (then reported EXPIRED)
   */
  Expirable<V> remove(Object key, Events<K, V> events) {
    return writing(events, () -> store.remove(key));
  }

  /** Removes every entry, for the operation of {@code events}. */
  void clear(Events<K, V> events) {
    writing(
        events,
        () -> {
          store.clear();
          return null;
        });
  }

  private <T> T writing(Events<K, V> events, Supplier<T> write) {
    Events<K, V> outer = writeEvents.get();
    writeEvents.set(events);
    try {
      return write.get();
    } finally {
      if (outer == null) {
        writeEvents.remove();
      } else {
        writeEvents.set(outer);
      }
    }
  }

  /** purecache's removal listener, called inside a write of this class on the writing thread. */
  private void onRemoval(Object key, Expirable<V> entry, RemovalCause cause) {
    index.remove(key, entry);
    if (cause.wasEvicted()) {
      statistics.evictions(1);
    }
    if (cause == RemovalCause.EXPIRED) {
      Events<K, V> events = writeEvents.get();
      if (events == null) {
        throw new IllegalStateException("a write outside EntryStore reclaimed " + key);
      }
      events.add(EventType.EXPIRED, key, entry.value, entry.value);
    }
  }
}
