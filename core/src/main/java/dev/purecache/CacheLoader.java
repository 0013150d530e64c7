package dev.purecache;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Computes the values of a {@link LoadingCache}: one key ({@link #load}), several at once ({@link
 * #loadAll}), or a new value for a key that has one ({@link #reload}).
 *
 * <p>The cache runs every method on a thread of its {@link LoadEngine}, never under a lock of the
 * cache, and never twice at once for one key. A method may return {@code null}: no value (nothing
 * is stored). A {@link RuntimeException} or {@link Error} it throws reaches the callers of the
 * load unchanged; a checked exception reaches them wrapped in a {@link CacheLoadException}. A
 * method that blocks should respond to interruption: the cache interrupts a load that timed out
 * or that nobody waits for any more.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
@FunctionalInterface
public interface CacheLoader<K, V> {

  /**
   * Computes the value of {@code key}.
   *
   * @param key the key, never null
   * @return its value, or {@code null} if it has none
   * @throws Exception if the value cannot be computed; callers get it as described above
   */
  V load(K key) throws Exception;

  /**
   * Computes the values of several keys in one call, for {@link LoadingCache#getAll}. The result
   * may leave keys out (they have no value) and may hold entries of other keys, which the cache
   * stores as a {@link Cache#put} would; a {@code null} result counts as an empty map, and
   * entries with a {@code null} key or value are passed over.
   *
   * <p>By default calls {@link #load} for each key in turn. A loader that does not override this
   * method is never asked for a bulk load: {@code getAll} then loads each missing key on its own,
   * concurrently.
   *
   * @param keys the keys to load, never empty; unmodifiable
   * @return the values found, by key
   * @throws Exception if the values cannot be computed: every key of the call fails with it
   */
  default Map<K, V> loadAll(Set<? extends K> keys) throws Exception {
    Map<K, V> values = new HashMap<>(keys.size() * 2);
    for (K key : keys) {
      V value = load(key);
      if (value != null) {
        values.put(key, value);
      }
    }
    return values;
  }

  /**
   * Computes a new value for {@code key}, whose current value is {@code oldValue}: a refresh
   * ({@link CacheBuilder#refreshAfterWrite} or {@link LoadingCache#refresh}). By default calls
   * {@link #load}. While it runs, readers get {@code oldValue}; a {@code null} result or a failure
   * keeps {@code oldValue}, and the failure reaches no reader.
   *
   * @param key the key, never null
   * @param oldValue the value being refreshed, never null
   * @return the new value, or {@code null} to keep the old one
   * @throws Exception if the value cannot be computed; the old value stays
   */
  default V reload(K key, V oldValue) throws Exception {
    return load(key);
  }
}
