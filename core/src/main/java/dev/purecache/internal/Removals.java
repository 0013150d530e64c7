package dev.purecache.internal;

import dev.purecache.Policy;
import dev.purecache.RemovalCause;
import dev.purecache.RemovalListener;
import java.util.ArrayList;
import java.util.List;

/**
 * The removals of one operation, collected under the stripe lock and delivered to the listener
 * (and, when a JFR recording enables {@link EvictionEvent}, recorded as events) after it is
 * released. Without either it only counts evictions.
 */
final class Removals<K, V> {
  private static final System.Logger LOG = System.getLogger(Removals.class.getName());

  private record Removal<K, V>(K key, V value, RemovalCause cause) {}

  private final boolean keep;
  private final boolean events = EvictionEvent.enabled();
  private List<Removal<K, V>> removals;
  private int evictions;

  Removals(boolean keep) {
    this.keep = keep || events;
  }

  void add(K key, V value, RemovalCause cause) {
    if (cause.wasEvicted()) {
      evictions++;
    }
    if (keep) {
      if (removals == null) {
        removals = new ArrayList<>(2);
      }
      removals.add(new Removal<>(key, value, cause));
    }
  }

  int evictions() {
    return evictions;
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
