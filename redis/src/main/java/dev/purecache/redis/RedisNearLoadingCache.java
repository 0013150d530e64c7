package dev.purecache.redis;

import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoader;
import dev.purecache.LoadingCache;
import java.util.Collection;
import java.util.Map;

/**
 * A {@link RedisNearCache} with a {@link CacheLoader} of its own, built by {@link
 * RedisNearCacheBuilder#build(CacheLoader)}: a {@link LoadingCache} whose values are looked up in
 * this JVM, then in Redis, and only then computed by the loader, whose results are written to
 * Redis for every instance. The rules of coherence, writes and invalidation are those of {@link
 * RedisNearCache}.
 *
 * <p>Loader exceptions reach callers as the core delivers them: a {@link RuntimeException} or
 * {@link Error} unchanged, a checked exception wrapped in a {@link CacheLoadException} whose
 * cause it is. Nothing is written to either tier for a load that failed.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface RedisNearLoadingCache<K, V> extends RedisNearCache<K, V>, LoadingCache<K, V> {

  /**
   * Returns the value of {@code key}, loading it on a miss: a local hit returns at once; a local
   * miss is single-flight per key in this JVM (joining a load of the key in flight, by any
   * method): one {@code GET}; a Redis hit is stored locally; on a Redis miss the loader's {@link
   * CacheLoader#load} runs (once across instances with {@link
   * RedisNearCacheBuilder#distributedLoads}), its value is written with {@code SET NX} (and the
   * Redis TTL), then stored locally. If another writer stored a value meanwhile, that value is
   * returned instead. A key invalidated while it loads is returned but not stored locally.
   * Blocks on a local miss for the Redis round trip and the load.
   *
   * @param key the key
   * @return the value, or {@code null} if the loader returned null (nothing is stored)
   * @throws NullPointerException if {@code key} is null
   * @throws RedisCacheException if Redis failed
   * @throws RuntimeException what the loader or a codec threw, unchanged (and {@link Error}s
   *     likewise)
   * @throws CacheLoadException if the loader threw a checked exception (the cause)
   * @throws dev.purecache.CacheInterruptedException if interrupted while waiting
   * @throws IllegalStateException if the loader of {@code key} asks for {@code key} again, or
   *     the cache is closed
   */
  @Override
  V get(K key);

  /**
   * Returns the values of {@code keys}: local hits at once; the local misses are single-flight
   * with every other load in this JVM (keys another caller is loading are joined, never loaded
   * twice), and the rest are looked up in Redis with one {@code MGET}. The keys Redis lacks go to
   * one {@link CacheLoader#loadAll} call (a loader that does not override it loads them one by
   * one with {@link CacheLoader#load}; with {@link RedisNearCacheBuilder#distributedLoads} each
   * is loaded under its lock with {@code load}); its values are written with pipelined {@code SET
   * NX} commands (one round trip; a value another writer stored meanwhile wins), then stored
   * locally. Entries {@code loadAll} returns for keys not asked for are ignored. If any key of
   * the call was invalidated while it loaded, the call's values are returned but none is stored
   * locally. Blocks until every key is answered or one fails; values already written to Redis
   * stay there.
   *
   * @param keys the keys
   * @return an unmodifiable map of the keys that have a value, in the order of {@code keys}
   * @throws NullPointerException if {@code keys} or a key is null
   * @throws RedisCacheException if Redis failed
   * @throws RuntimeException what the loader or a codec threw, unchanged
   * @throws CacheLoadException if the loader threw a checked exception (the cause)
   * @throws dev.purecache.CacheInterruptedException if interrupted while waiting
   * @throws IllegalStateException if the cache is closed
   */
  @Override
  Map<K, V> getAll(Collection<? extends K> keys);

  /**
   * Recomputes {@code key} in the background and returns at once: on a new virtual thread,
   * reads the key's value in Redis, runs {@link CacheLoader#reload} with it (or {@link
   * CacheLoader#load} if Redis has none), and writes the result only if Redis still holds the
   * value the refresh started from (a compare-and-set script; {@code SET NX} if it had none),
   * then stores it locally. A write of the key by any instance during the refresh therefore
   * wins, and the refresh stores nothing. (Redis 7.0 reports the script's write back to this
   * instance as an invalidation, so its local copy is then dropped and read again from Redis on
   * the next miss.) A {@code null} result, or a failure of the loader or
   * of Redis, changes nothing and is logged ({@link System.Logger}, level {@code WARNING} for
   * failures); it reaches no caller. Does nothing if a refresh of the key started by this
   * instance is still running.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalStateException if the cache is closed
   */
  @Override
  void refresh(K key);
}
