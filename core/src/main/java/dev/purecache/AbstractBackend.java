package dev.purecache;

import dev.purecache.internal.CacheSettings;
import dev.purecache.internal.StripedCache;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;

/**
 * What the four public backends share: each is a {@link Cache} over the one striped engine,
 * configured with its policy.
 */
abstract sealed class AbstractBackend<K, V> implements Cache<K, V>
    permits LruCache, LfuCache, TtlCache, LruTtlCache {
  private final StripedCache<K, V> engine;

  AbstractBackend(CacheSettings<K, V> settings) {
    this.engine = new StripedCache<>(settings);
  }

  @Override
  public final V get(K key) {
    return engine.get(key);
  }

  @Override
  public final void put(K key, V value) {
    engine.put(key, value);
  }

  @Override
  public final V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    return engine.computeIfAbsent(key, loader);
  }

  @Override
  public final Map<K, V> getAll(
      Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    return engine.getAll(keys, loader);
  }

  @Override
  public final V remove(K key) {
    return engine.remove(key);
  }

  @Override
  public final boolean containsKey(K key) {
    return engine.containsKey(key);
  }

  @Override
  public final int size() {
    return engine.size();
  }

  @Override
  public final void clear() {
    engine.clear();
  }

  @Override
  public final void cleanUp() {
    engine.cleanUp();
  }

  @Override
  public final CacheStats stats() {
    return engine.stats();
  }

  /**
   * Returns the eviction policy of this cache.
   *
   * @return the policy
   */
  public final Policy policy() {
    return engine.policy();
  }

  /**
   * Returns the engine that runs this cache's loads, so a user can check which one was picked.
   *
   * @return the load engine
   */
  public final LoadEngine loadEngine() {
    return engine.loadEngine();
  }

  /**
   * Returns the number of stripes; 1 means the policy is exact globally.
   *
   * @return the stripe count
   */
  public final int stripes() {
    return engine.stripeCount();
  }

  /** Returns the class name with the policy, bounds, stripe count and load engine. */
  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + engine + "]";
  }
}
