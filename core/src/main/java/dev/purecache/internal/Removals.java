package dev.purecache.internal;

import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The removals of one operation, collected under the stripe lock and delivered to the listener
 * after it is released (and, when a JFR recording enables {@link EvictionEvent}, recorded as
 * events); evictions are counted in the statistics as they happen. A cache without a listener
 * shares, while no recording wants eviction events, one instance that keeps nothing, so a write
 * allocates nothing for it.
 */
final class Removals<K, V> {
  private static final System.Logger LOG = System.getLogger(Removals.class.getName());

  private record Removal<K, V>(K key, V value, RemovalCause cause) {}

  private final StatsCounter stats;
  private final boolean keep;
  private final boolean events;
  private List<Removal<K, V>> removals;

  private Removals(StatsCounter stats, boolean keep, boolean events) {
    this.stats = stats;
    this.keep = keep;
    this.events = events;
  }

  /** Removals of one operation, kept for a listener and, with {@code events}, for JFR. */
  static <K, V> Removals<K, V> collecting(StatsCounter stats, boolean events) {
    return new Removals<>(stats, true, events);
  }

  /** Keeps nothing, only counts: stateless, so one instance serves every operation of a cache. */
  static <K, V> Removals<K, V> counting(StatsCounter stats) {
    return new Removals<>(stats, false, false);
  }

  void add(K key, V value, RemovalCause cause) {
    if (cause.wasEvicted()) {
      stats.eviction();
    }
    if (keep) {
      if (removals == null) {
        removals = new ArrayList<>(2);
      }
      removals.add(new Removal<>(key, value, cause));
    }
  }

  /** Commits an {@link EvictionEvent} per eviction if enabled; the caller holds no lock. */
  void commitEvictionEvents(Policy policy) {
    if (events && removals != null) {
      for (Removal<K, V> r : removals) {
        EvictionEvent.commit(r.key(), r.cause(), policy);
      }
    }
  }

  /** Tells the listener of each removal; the caller holds no lock. */
  void deliver(RemovalListener<? super K, ? super V> listener) {
    if (removals == null || listener == null) {
      return;
    }
    for (Removal<K, V> r : removals) {
      try {
        listener.onRemoval(r.key(), r.value(), r.cause());
      } catch (RuntimeException | Error e) {
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "removal listener threw for key " + r.key() + " (" + r.cause() + ")",
            e);
      }
    }
  }
}
