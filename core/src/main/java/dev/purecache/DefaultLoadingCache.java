package dev.purecache;

import dev.purecache.internal.CacheSettings;
import dev.purecache.internal.StripedCache;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@link LoadingCache} that {@link CacheBuilder#build(CacheLoader)} returns: the striped
 * cache of every backend, with the loader attached.
 */
final class DefaultLoadingCache<K, V> implements LoadingCache<K, V> {
  private final StripedCache<K, V> cache;

  DefaultLoadingCache(CacheSettings<K, V> settings, CacheLoader<K, V> loader) {
    this.cache = new StripedCache<>(settings, loader, overridesLoadAll(loader));
  }

  /** Whether {@code loader}'s class has a {@code loadAll} of its own (not the default). */
  static boolean overridesLoadAll(CacheLoader<?, ?> loader) {
    try {
      return loader.getClass().getMethod("loadAll", Set.class).getDeclaringClass()
          != CacheLoader.class;
    } catch (NoSuchMethodException impossible) {
      throw new AssertionError(impossible);
    }
  }

  @Override
  public V get(K key) {
    return cache.load(key);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    return cache.getAll(keys);
  }

  @Override
  public void refresh(K key) {
    cache.refresh(key);
  }

  @Override
  public void put(K key, V value) {
    cache.put(key, value);
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    return cache.computeIfAbsent(key, loader);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    return cache.getAll(keys, loader);
  }

  @Override
  public V remove(K key) {
    return cache.remove(key);
  }

  @Override
  public boolean containsKey(K key) {
    return cache.containsKey(key);
  }

  @Override
  public int size() {
    return cache.size();
  }

  @Override
  public void clear() {
    cache.clear();
  }

  @Override
  public void cleanUp() {
    cache.cleanUp();
  }

  @Override
  public CacheStats stats() {
    return cache.stats();
  }

  @Override
  public CacheInfo info() {
    return cache.info();
  }

  @Override
  public java.util.concurrent.ConcurrentMap<K, V> asMap() {
    return cache.asMap();
  }

  /** Returns "LoadingCache" with the settings of {@link #info()}. */
  @Override
  public String toString() {
    return "LoadingCache[" + cache.info() + "]";
  }
}
