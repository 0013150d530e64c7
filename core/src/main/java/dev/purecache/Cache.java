package dev.purecache;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * An in-memory cache mapping keys to values, with a fixed eviction policy.
 *
 * <p>Keys and values are never {@code null}: every method that takes a key, a value or a loader
 * throws {@link NullPointerException} naming the argument.
 *
 * <p><b>Concurrency.</b> Under every policy, {@code get}, {@code containsKey}, {@code put}, {@code
 * remove}, {@code computeIfAbsent} and {@code size} are linearizable as a bounded map: each takes
 * effect at one instant between its call and its return, and the size bound (or weight bound)
 * holds at every instant; an entry is removed at most once, and its removal is reported to the
 * listener once, with the entry's last value; no call returns a value whose removal was reported
 * before the call began. Under the exact policies (LRU, LFU, TTL, LRU+TTL) the policy's order is
 * part of that specification, eviction included: a {@code get} that returns a value has made
 * that key recently used (or more frequent) before any later eviction decision. Under {@link
 * Policy#ADAPTIVE}, the default, which entry a full cache evicts is the policy's choice, and
 * what a hit tells the policy (a counter on the entry) may be lost when it races an eviction or
 * another hit; that never changes what any operation returns.
 *
 * <p>Keys are spread over stripes, each guarded by a {@link java.util.concurrent.locks.ReentrantLock}
 * (never a monitor, so a virtual thread that blocks on the cache never pins its carrier). Where a
 * cache has several stripes, eviction order is kept per stripe. A cache with one stripe is exact
 * globally; by default every cache with a capacity of at most 1,024, and every LFU cache, has
 * one.
 *
 * <p><b>Caches bounded by weight</b> ({@link CacheBuilder#maximumWeight(long)} with a {@link
 * Weigher}) evict by total weight instead: a put or a stored load evicts the policy's victims until
 * the total fits, which may take several, and an overwrite that makes an entry heavier evicts
 * others too; an entry heavier than the maximum is evicted at once, with cause {@link
 * RemovalCause#SIZE}, and nothing else for it; an entry of weight 0 is never evicted for size.
 *
 * <p><b>Expiry</b> makes an entry invisible at its deadline at once; writes and {@link
 * #cleanUp()} reclaim expired entries (and tell the listener), or, with {@link
 * CacheBuilder#promptExpiry()}, a virtual thread of the cache does it at the deadline.
 *
 * <p>Loads are single-flight: concurrent {@link #computeIfAbsent} calls for one key run the loader
 * once; the others park until it finishes. No loader and no removal listener ever runs while a
 * lock of the cache is held.
 *
 * <p><b>Exceptions from loaders</b> reach callers as {@link
 * java.util.concurrent.ConcurrentHashMap#computeIfAbsent} delivers them: a loader's {@link
 * RuntimeException} or {@link Error} reaches every caller of that load unchanged (the same
 * instance, thrown on the loader's thread), so {@code catch (NotFoundException e)} around {@code
 * computeIfAbsent} works. Only a checked exception (which a loader declared with {@code throws}
 * may throw) is wrapped, in a {@link CacheLoadException} whose cause it is. The cache's own
 * failures have types of their own: {@link IllegalStateException} for a recursive load, {@link
 * CacheLoadTimeoutException} for a load timeout, {@link CacheInterruptedException} for an
 * interrupted wait.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface Cache<K, V> {

  /**
   * Returns the value mapped to {@code key}, or {@code null} on a miss (no mapping, or an expired
   * one). A hit makes the key most recently used (LRU) or adds one to its frequency (LFU); a miss
   * changes nothing. Never blocks on a load in flight and never starts one.
   *
   * @param key the key to look up
   * @return the live value, or {@code null} on a miss
   * @throws NullPointerException if {@code key} is null
   */
  V get(K key);

  /**
   * Maps {@code key} to {@code value}. Replacing a live value refreshes the key's recency (LRU),
   * adds one to its frequency (LFU) or restarts its time to live (TTL), and evicts nothing;
   * inserting a new key into a full cache evicts exactly one entry chosen by the policy (never
   * the new key). Returns once the size bound holds again. If a load of {@code key} is in flight,
   * this value wins: the load's callers get it (as hits right after this put), the load's result
   * is never stored, and the load is cancelled. Atomic. May wait for the lock of the key's stripe,
   * which is only ever held for the cache's own bookkeeping, never while a loader or listener
   * runs; never waits for a load. An LRU or LFU put that replaces a live value usually takes no
   * lock. A cache bounded by weight evicts by weight instead (see the class description).
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if {@code key} or {@code value} is null
   */
  void put(K key, V value);

  /**
   * Returns the value mapped to {@code key}, loading it with {@code loader} on a miss.
   *
   * <ul>
   *   <li>A live mapping is returned at once (a hit, with the effect of {@link #get}).
   *   <li>If a load of {@code key} is already in flight, the caller parks until it finishes,
   *       holding no lock, and gets that load's value or failure.
   *   <li>Otherwise the caller starts a load. The loader runs with no lock of this cache held, on a
   *       thread of the cache's {@link LoadEngine}; it may read and load other keys of this cache.
   *       Its non-null result is stored when the load completes (and may evict another entry);
   *       a {@code null} result is returned to every caller and nothing is stored.
   *   <li>A loader that throws: every caller of that load gets the loader's exception (unchanged if
   *       unchecked, wrapped in a {@link CacheLoadException} if checked); nothing is stored; the
   *       next call starts a fresh load.
   * </ul>
   *
   * <p>A {@code put} of the key during the load wins: the load's callers get the put's value (each
   * taking effect as a hit right after the put) and the load is cancelled. A {@code remove} of
   * the key during the load waits for it and removes what it stored. A {@code clear()} during the
   * load does not wait: the load stores nothing and its callers still get its value.
   *
   * <p>Every caller of a load takes effect when the load stores its value: the first as the
   * insert (evicting what that insert evicts), the others as hits on it, so under LFU each caller
   * counts as one use.
   *
   * @param key the key
   * @param loader computes the value of a missing key; may return {@code null}
   * @return the current or loaded value, or {@code null} if the loader returned null
   * @throws NullPointerException if {@code key} or {@code loader} is null
   * @throws RuntimeException what the loader threw, unchanged (and {@link Error}s likewise)
   * @throws CacheLoadException if the loader threw a checked exception (the cause)
   * @throws CacheLoadTimeoutException if a load timeout is configured and the load took longer
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting; its
   *     interrupt status is kept set, and the load goes on for its other callers
   * @throws IllegalStateException if the loader of {@code key} (directly or through loads of other
   *     keys) asks for {@code key} again, which would otherwise deadlock
   */
  V computeIfAbsent(K key, Function<? super K, ? extends V> loader);

  /**
   * Returns the values of {@code keys}, loading the missing ones concurrently with {@code
   * loader}, each with the single-flight rules of {@link #computeIfAbsent}. The first failure
   * cancels the loads of this call that no other caller waits for and is thrown; loads that had
   * already succeeded stay cached. Keys whose loader returned {@code null} are absent from the
   * result. The result iterates in the order of {@code keys} (duplicates collapsed).
   *
   * @param keys the keys
   * @param loader computes the value of one missing key
   * @return an unmodifiable map of the keys with a value
   * @throws NullPointerException if {@code keys}, any key, or {@code loader} is null
   * @throws RuntimeException what a loader threw, unchanged (and {@link Error}s likewise)
   * @throws CacheLoadException if a loader threw a checked exception (the cause)
   * @throws CacheLoadTimeoutException if a load took longer than the configured timeout
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting
   * @throws IllegalStateException if a key's load waits, directly or through other loads, for
   *     the load the calling thread runs
   */
  Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader);

  /**
   * Removes the mapping of {@code key} and returns its value, or {@code null} if there was none
   * (an expired mapping counts as none). If a load of {@code key} is in flight, waits for it to
   * finish first and then removes what it stored, so nothing loaded before a {@code remove}
   * survives it; that wait may block for the load's duration. A refresh of the key in flight
   * (see {@link LoadingCache}) is not waited for: it is dropped, and stores nothing.
   *
   * @param key the key
   * @return the removed live value, or {@code null}
   * @throws NullPointerException if {@code key} is null
   * @throws CacheInterruptedException if interrupted while waiting for a load of the key
   * @throws IllegalStateException if called by the loader of {@code key}, directly or through
   *     loads of other keys
   */
  V remove(K key);

  /**
   * Returns whether {@code key} has a live mapping. Has no effect on eviction order or frequency.
   *
   * @param key the key
   * @return {@code true} if a live value is mapped
   * @throws NullPointerException if {@code key} is null
   */
  boolean containsKey(K key);

  /**
   * Returns the number of live entries. Expired entries are never counted, and loads in flight
   * are not entries. Locks every stripe briefly, so the count is exact at one instant.
   *
   * @return the number of live entries
   */
  int size();

  /**
   * Removes every entry (each reported to the removal listener as {@link RemovalCause#EXPLICIT}).
   * Does not wait for loads in flight: they still answer their callers but store nothing, and
   * callers arriving after the clear start fresh loads.
   */
  void clear();

  /** Reclaims expired entries now (each reported as {@link RemovalCause#EXPIRED}). */
  void cleanUp();

  /**
   * Returns a snapshot of the statistics. All counts are zero unless statistics were enabled
   * with {@link CacheBuilder#recordStats()}.
   *
   * @return the statistics so far
   */
  CacheStats stats();

  /**
   * Returns a live view of this cache as a {@link ConcurrentMap}: what it does changes the cache,
   * and it shows every change to the cache. The cache's rules hold for it: no {@code null} keys or
   * values (a {@code null} argument throws {@link NullPointerException}, except that {@code
   * remove(key, null)} returns {@code false}, as in {@link java.util.concurrent.ConcurrentHashMap});
   * an expired entry is absent; writes evict as {@link #put} does and report to the removal
   * listener.
   *
   * <ul>
   *   <li>{@code get}, {@code put}, {@code remove(key)}, {@code containsKey}, {@code size}, {@code
   *       clear} are this cache's {@link #get}, {@link #put} (returning the live value it
   *       replaced), {@link #remove}, {@link #containsKey}, {@link #size} and {@link #clear}, with
   *       their effects on eviction order and statistics, their waits and exceptions.
   *   <li>{@code computeIfAbsent} is this cache's {@link #computeIfAbsent}: a single-flight load
   *       whose function runs on the {@link LoadEngine}, shared by concurrent callers of the key.
   *   <li>{@code compute}, {@code computeIfPresent}, {@code merge}, {@code putIfAbsent}, {@code
   *       replace} (both forms) and {@code remove(key, value)} are atomic per key: each takes
   *       effect at one instant, and no other write of the key comes between the value the
   *       function sees and the result it stores. The remapping function runs <b>on the calling
   *       thread</b>, with no lock of this cache held, so it may read and write other keys of
   *       this cache. It is single-flight with loads of the key: it waits for a load or update of
   *       the key in flight, and loads and updates of the key wait for it (so a slow function
   *       blocks them; the load timeout does not bound it). A {@code null} result removes the
   *       mapping; a result that is the current value itself (the same instance) changes nothing.
   *       It runs once, or a second time, on the key's new state, if the entry is evicted or
   *       expires while it runs. A {@code put} of the key while it runs wins: the update stores
   *       nothing and returns its result, taking effect just before the put; a {@code remove}
   *       waits for it; a {@code clear} makes it store nothing. Values are compared with {@code
   *       equals}, outside any lock. These updates record no hits or misses in the statistics
   *       and are not loads.
   *   <li>Iteration over {@code keySet()}, {@code values()} and {@code entrySet()} is weakly
   *       consistent: it never throws {@link java.util.ConcurrentModificationException}, never
   *       blocks, shows each live entry that exists throughout the iteration, and never shows an
   *       expired one. It records no hits. {@code Iterator.remove} removes the key, and {@code
   *       Map.Entry.setValue} puts the value into the cache. {@code size()} and {@code isEmpty()}
   *       are exact at one instant ({@link #size}).
   * </ul>
   *
   * <p>The atomic updates throw what their function threw, unchanged; {@link
   * IllegalStateException} if the function asks for its own key (directly or through loads or
   * updates of other keys), or if a loader or function of the key calls one for that key; {@link
   * CacheInterruptedException} if the calling thread is interrupted while it waits for a load or
   * update of the key.
   *
   * @return the map view of this cache; always the same instance
   */
  ConcurrentMap<K, V> asMap();

  /**
   * Returns what this cache is: its policy, capacity, time to live, stripes, load engine, load
   * timeout and whether it records statistics. Never blocks; the result never changes.
   *
   * @return the cache's settings, read-only
   */
  CacheInfo info();
}
