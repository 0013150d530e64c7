package dev.purecache;

import dev.purecache.internal.CacheSettings;
import dev.purecache.internal.StripedCache;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * What the backends share (the four exact ones, and the builder's {@link AdaptiveCache}): each is a {@link Cache} over the one striped
 * implementation, configured with its policy.
 */
abstract sealed class AbstractBackend<K, V> implements Cache<K, V>
    permits AdaptiveCache, LruCache, LfuCache, TtlCache, LruTtlCache {
  private final StripedCache<K, V> cache;

  AbstractBackend(CacheSettings<K, V> settings) {
    this.cache = new StripedCache<>(settings);
  }

  @Override
  public final V get(K key) {
    return cache.get(key);
  }

  @Override
  public final void put(K key, V value) {
    cache.put(key, value);
  }

  @Override
  public final V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    return cache.computeIfAbsent(key, loader);
  }

  @Override
  public final Map<K, V> getAll(
      Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    return cache.getAll(keys, loader);
  }

  @Override
  public final V remove(K key) {
    return cache.remove(key);
  }

  @Override
  public final boolean containsKey(K key) {
    return cache.containsKey(key);
  }

  @Override
  public final int size() {
    return cache.size();
  }

  @Override
  public final void clear() {
    cache.clear();
  }

  @Override
  public final void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public final CacheStats stats() {
    return cache.stats();
  }

  @Override
  public final ConcurrentMap<K, V> asMap() {
    return cache.asMap();
  }

  @Override
  public final CacheInfo info() {
    return cache.info();
  }

  /** Returns the class name with the settings of {@link #info()}. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + cache.info() + "]";
  }
}
