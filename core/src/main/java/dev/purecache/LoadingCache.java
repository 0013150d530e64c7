package dev.purecache;

import java.util.Collection;
import java.util.Map;

/**
 * A {@link Cache} with a {@link CacheLoader} of its own, built by {@link
 * CacheBuilder#build(CacheLoader)}: {@link #get} loads a missing key, {@link #getAll} loads the
 * missing keys in one {@link CacheLoader#loadAll} call, and entries may be refreshed in the
 * background ({@link CacheBuilder#refreshAfterWrite}, {@link #refresh}).
 *
 * <p>Every load follows the rules of {@link Cache#computeIfAbsent}: single-flight per key, no
 * lock held while the loader runs, its exceptions delivered as described there (checked ones
 * wrapped in a {@link CacheLoadException}).
 *
 * <p><b>Refresh.</b> With {@code refreshAfterWrite(d)}, a read ({@link #get}, {@link #getAll},
 * {@link #computeIfAbsent}) of an entry written at least {@code d} ago returns its value at once
 * and starts one {@link CacheLoader#reload} on the cache's {@link LoadEngine}; reads during the
 * reload neither wait for it nor start another. A reload that returns a value replaces the entry
 * (the removal listener hears {@link RemovalCause#REPLACED}) and restarts its write time; one that
 * fails or returns {@code null} keeps the old value, counts as a load failure in the statistics,
 * is logged, and never reaches a reader. A {@code put}, {@code remove} or {@code clear} of the key
 * during a reload wins: the reload stores nothing. An entry that has expired is loaded, not
 * refreshed: a refresh never serves a value past its time to live.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface LoadingCache<K, V> extends Cache<K, V> {

  /**
   * Returns the value of {@code key}, loading it with the cache's loader on a miss, exactly as
   * {@link #computeIfAbsent computeIfAbsent(key, loader::load)} would: a hit returns at once
   * (and may start a refresh); a miss joins the load of the key in flight or starts one, and
   * parks until it finishes. Unlike {@link Cache#get}, this blocks on a miss.
   *
   * @param key the key
   * @return the current or loaded value, or {@code null} if the loader returned null
   * @throws NullPointerException if {@code key} is null
   * @throws RuntimeException what the loader threw, unchanged (and {@link Error}s likewise)
   * @throws CacheLoadException if the loader threw a checked exception (the cause)
   * @throws CacheLoadTimeoutException if a load timeout is configured and the load took longer
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalStateException if the loader of {@code key} asks for {@code key} again
   */
  @Override
  V get(K key);

  /**
   * Returns the values of {@code keys}, loading the missing ones. Keys whose load another caller
   * has in flight are joined, not loaded again; the other missing keys go to one {@link
   * CacheLoader#loadAll} call, whose loads concurrent callers of those keys join too, so no key is
   * loaded twice at once. Entries of other keys that {@code loadAll} returns are stored; keys it
   * leaves out are absent from the result (and their joined callers get {@code null}). If the
   * loader does not override {@code loadAll}, each missing key is loaded on its own, concurrently,
   * as {@link Cache#getAll(Collection, java.util.function.Function)} does. The first failure is
   * thrown; values already loaded stay cached. The result iterates in the order of {@code keys}.
   * Blocks until every missing key is loaded or one fails.
   *
   * @param keys the keys
   * @return an unmodifiable map of the keys with a value
   * @throws NullPointerException if {@code keys} or any key is null
   * @throws RuntimeException what the loader threw, unchanged (and {@link Error}s likewise)
   * @throws CacheLoadException if the loader threw a checked exception (the cause)
   * @throws CacheLoadTimeoutException if a load took longer than the configured timeout
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalStateException if a key's load waits, directly or through other loads, for
   *     the load the calling thread runs
   */
  Map<K, V> getAll(Collection<? extends K> keys);

  /**
   * Starts a {@link CacheLoader#reload} of {@code key} if it has a live value, or a {@link
   * CacheLoader#load} if it has none, in the background, and returns at once; does nothing if a
   * load or reload of the key is already in flight. The outcome is that of a refresh (see the
   * class documentation) or, for a key without a value, of a load: its value is stored.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  void refresh(K key);
}
