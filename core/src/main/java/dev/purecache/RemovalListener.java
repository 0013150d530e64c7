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
   * Called once for each removed entry, on the thread whose operation removed it, before that
   * operation returns: the caller's thread for {@code put}, {@code remove}, {@code clear} and
   * the other calls that write, and, for an entry that the insert of a loaded value evicted or
   * found expired, the thread on which the load engine reported the load's success ({@link
   * LoadEngine.Load#succeeded}).
   *
   * @param key the key of the removed entry
   * @param value the value it held
   * @param cause why it was removed
   */
  void onRemoval(K key, V value, RemovalCause cause);
}
