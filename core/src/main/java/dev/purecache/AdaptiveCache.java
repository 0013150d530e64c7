package dev.purecache;

import dev.purecache.internal.CacheSettings;

/**
 * The cache {@link CacheBuilder} builds for {@link Policy#ADAPTIVE}. It has no public constructor:
 * the builder is the only way to it, and {@link Cache} the only type a user needs.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
final class AdaptiveCache<K, V> extends AbstractBackend<K, V> {
  AdaptiveCache(CacheSettings<K, V> settings) {
    super(settings);
  }
}
