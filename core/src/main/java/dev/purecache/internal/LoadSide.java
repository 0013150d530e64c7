package dev.purecache.internal;

import dev.purecache.CacheLoader;
import dev.purecache.RemovalCause;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The loading side of a {@link StripedCache}: its reads that load on a miss ({@code
 * computeIfAbsent}, {@code getAll} and a loading cache's {@code get}), and the mappings its {@link
 * Loads} see ({@link Loads.Mappings}): a hit under the lock, and the store of a loaded or
 * reloaded value. Every method that changes a mapping runs with the stripe lock held, inside a
 * write of the stripe, as every write of the cache does. A hit of a cache that refreshes after
 * write is handed to its {@link Refreshes}.
 */
final class LoadSide<K, V> implements Loads.Mappings<K, V> {
  private final StripedCache<K, V> cache;

  LoadSide(StripedCache<K, V> cache) {
    this.cache = cache;
  }

  /** Returns the live value of {@code key}, loading it with {@code loader} on a miss. */
  V getOrLoad(K key, CacheLoader<? super K, ? extends V> loader) {
    Stripe<K, V> stripe = cache.stripeOf(key);
    V value = hit(stripe, key);
    return value != null ? value : cache.loads.load(stripe, key, loader);
  }

  /**
   * The hit path of a loading read: the live value of {@code key}, counted as a hit (and handed to
   * refresh), or null on a miss, which the caller loads (and {@link Loads#load} counts).
   */
  V hit(Stripe<K, V> stripe, K key) {
    V value = cache.read(key, stripe, true);
    if (value != null) {
      cache.stats.hit();
      if (cache.refreshOnRead != null) {
        cache.refreshOnRead.afterHit(stripe, key, value);
      }
    }
    return value;
  }

  /**
   * Returns the values of {@code keys}, loading the missing ones with {@code loader}: one load per
   * key, or, with {@code bulk}, one bulk load of the keys nobody else loads.
   */
  Map<K, V> getAll(
      Collection<? extends K> keys, CacheLoader<? super K, ? extends V> loader, boolean bulk) {
    Objects.requireNonNull(keys, "keys");
    LinkedHashSet<K> distinct = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "keys contains null"));
    }
    Map<K, V> found = new HashMap<>();
    List<K> missing = new ArrayList<>();
    for (K key : distinct) {
      Stripe<K, V> stripe = cache.stripeOf(key);
      V value = cache.read(key, stripe, true);
      cache.recordLookup(value);
      if (value != null) {
        found.put(key, value);
        if (cache.refreshOnRead != null) {
          cache.refreshOnRead.afterHit(stripe, key, value);
        }
      } else {
        missing.add(key);
      }
    }
    if (!missing.isEmpty()) {
      Loads<K, V> loads = cache.loads;
      loads.loadAll(missing, loader, bulk ? new BulkLoad<>(loads, cache.loader) : null, found);
    }
    Map<K, V> result = new LinkedHashMap<>(found.size() * 2);
    for (K key : distinct) {
      V value = found.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public V hitLocked(Stripe<K, V> stripe, Object key) {
    assert stripe.isHeldByCurrentThread();
    Node<K, V> node = cache.map.get(key);
    V live = node == null ? null : cache.liveValueLocked(stripe, node);
    if (live != null) {
      stripe.policy.onRead(node, cache.now());
      stripe.recordHitLocked(node);
      cache.entries.deadlineSet(node);
    }
    return live;
  }

  @Override
  public void storeLoadedLocked(
      Stripe<K, V> stripe, K key, V value, int weight, int callers, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    stripe.beginWrite();
    try {
      long now = cache.now();
      cache.entries.reclaimExpired(stripe, now, removals);
      Node<K, V> node = cache.entries.insert(stripe, key, value, weight, now, removals);
      if (callers > 1) {
        stripe.policy.onHits(node, callers - 1);
      }
      cache.entries.settle(stripe, node, removals);
    } finally {
      stripe.endWrite();
    }
  }

  @Override
  public void storeReloadedLocked(
      Stripe<K, V> stripe, K key, V value, int weight, int callers, Removals<K, V> removals) {
    assert stripe.isHeldByCurrentThread();
    Node<K, V> node = cache.map.get(key);
    if (node == null || cache.liveValueLocked(stripe, node) == null) {
      if (callers > 0) {
        storeLoadedLocked(stripe, key, value, weight, callers, removals);
      }
      return;
    }
    stripe.beginWrite();
    try {
      cache.entries.overwrite(stripe, node, value, weight, cache.now(), removals);
      if (callers > 0) {
        stripe.policy.onHits(node, callers);
      }
      cache.entries.settle(stripe, node, removals); // a heavier value may call for evictions
    } finally {
      stripe.endWrite();
    }
  }

  @Override
  public void put(K key, V value) {
    cache.put(key, value);
  }

  @Override
  public Stripe<K, V> stripeOf(Object key) {
    return cache.stripeOf(key);
  }

  @Override
  public Removals<K, V> newRemovals() {
    return cache.newRemovals();
  }

  @Override
  public void afterWrite(Removals<K, V> removals) {
    cache.afterWrite(removals);
  }

  /**
   * {@inheritDoc} A cache with a weigher weighs {@code value} here, under the lock: the map
   * view's updates are the one place where the weigher runs with a lock held.
   */
  @Override
  public V writeIfLocked(Stripe<K, V> stripe, K key, Object expected, V value, Removals<K, V> r) {
    assert stripe.isHeldByCurrentThread();
    stripe.beginWrite();
    try {
      long now = cache.now();
      if (value != null) {
        cache.entries.reclaimExpired(stripe, now, r); // a store reclaims expired entries first
      }
      Node<K, V> node = cache.map.get(key);
      if (node != null) {
        node.awaitReplaces(); // the caller's flight is registered: the value read next stays
      }
      if (node != null && cache.isExpired(node, now)) { // a read or removal reclaims only its own
        cache.entries.unlink(stripe, node);
        r.add(key, node.value, RemovalCause.EXPIRED);
        node = null;
      }
      V found = node == null ? null : node.value;
      if (found == expected && value != found) {
        if (value == null) {
          cache.entries.unlink(stripe, node);
          r.add(key, found, RemovalCause.EXPLICIT);
        } else {
          int weight = Weights.weigh(cache.weigher, key, value);
          if (node == null) {
            node = cache.entries.insert(stripe, key, value, weight, now, r);
          } else {
            cache.entries.overwrite(stripe, node, value, weight, now, r);
          }
          cache.entries.settle(stripe, node, r);
        }
      }
      return found;
    } finally {
      stripe.endWrite();
    }
  }
}
