package dev.purecache;

/**
 * Told of every entry that leaves a cache, exactly once per removal, after the cache has
 * released its locks (so the listener may call the cache). An exception it throws is logged
 * through {@link System.Logger} and never breaks the cache or reaches the caller.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface RemovalListener<K, V> {

  /**
   * Called once for each removed entry, on the thread whose operation removed it.
   *
   * @param key the key of the removed entry
   * @param value the value it held
   * @param cause why it was removed
   */
  void onRemoval(K key, V value, RemovalCause cause);
}
