package dev.purecache.redis;

import dev.purecache.Cache;
import dev.purecache.CacheStats;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * A {@link Cache} in two tiers: a purecache in this JVM (the local tier) in front of Redis (the
 * shared tier), kept coherent by Redis server-assisted invalidation. Build one with {@link
 * #builder()} ({@link RedisNearCacheBuilder#build(dev.purecache.CacheLoader)} gives a {@link
 * RedisNearLoadingCache}, which loads on its own); close it to release its connection.
 *
 * <h2>Coherence</h2>
 *
 * The cache enables {@code CLIENT TRACKING ON BCAST PREFIX <namespace>: NOLOOP} on its own
 * RESP3 connection: the server then tells it of every change to a key under its namespace by
 * anyone else (other instances, other programs, expiry, eviction), and each reported key is
 * removed from the local tier. Broadcasting by prefix was chosen over the default mode with
 * {@code OPTIN}: the server keeps no table of which client read which key (its memory does not
 * grow with the keys cached, and it never drops tracking of keys under memory pressure), no
 * {@code CLIENT CACHING yes} round trip precedes each read, and one command restores tracking
 * after a reconnect. The price is that an instance hears of writes to keys it does not hold,
 * one small message each.
 *
 * <ul>
 *   <li>An invalidation that arrives while a load of that key is in flight makes that load store
 *       nothing locally (its callers still get the value it read), so a {@code GET} reply and
 *       the invalidation that overtakes it cannot leave a stale entry.
 *   <li>A flush of the server, a lost connection, a health check Redis does not answer, or a
 *       {@code tracking-redir-broken} message clears the local tier; until tracking is
 *       established again, the {@link DisconnectPolicy} decides how reads use the local tier.
 *   <li>The staleness of a local hit is bounded by the time an invalidation takes to arrive
 *       (the module's README gives measured figures), or by the disconnect policy's grace.
 * </ul>
 *
 * <h2>Operations</h2>
 *
 * <ul>
 *   <li>{@link #get} and {@link #computeIfAbsent}: a local hit costs what a purecache hit costs.
 *       A local miss is single-flight per key in this JVM: one {@code GET}; a Redis hit is stored
 *       locally; on a Redis miss the loader runs (once across all instances with {@link
 *       RedisNearCacheBuilder#distributedLoads}), its value is written with {@code SET NX} (and
 *       the Redis TTL) and then stored locally. If another writer stored a value meanwhile, that
 *       value wins and is returned instead.
 *   <li>{@link #put}: {@code SET} first, then the local tier. {@link #remove}: {@code GETDEL}
 *       first, then the local tier. Writes of one key from one instance are applied in one
 *       order in both tiers. A write Redis refused or could not be sent throws {@link
 *       RedisCacheException} and leaves the local tier unchanged; a write that timed out (Redis
 *       may still apply it) also drops the key from the local tier.
 *   <li>{@link #size}, {@link #clear} and {@link #cleanUp} act on the local tier only: Redis
 *       holds the shared data and is cleared with Redis's own tools.
 * </ul>
 *
 * <p>Every method may block on a Redis round trip (a local hit never does); run them on virtual
 * threads freely, as they park rather than pin. Failures of Redis reach the caller as {@link
 * RedisCacheException}.
 *
 * @param <K> the type of keys
 * @param <V> the type of values
 */
public interface RedisNearCache<K, V> extends Cache<K, V>, AutoCloseable {

  /**
   * Returns a builder.
   *
   * @return a new builder with every setting at its default
   */
  static RedisNearCacheBuilder<Object, Object> builder() {
    return new RedisNearCacheBuilder<>();
  }

  /**
   * Returns the value of {@code key}: a local hit, else the value in Redis (stored locally), else
   * {@code null}. Starts no loader.
   *
   * @param key the key
   * @return the value, or {@code null} if neither tier has one
   * @throws NullPointerException if {@code key} is null
   * @throws RedisCacheException if Redis was needed and failed
   */
  @Override
  V get(K key);

  /**
   * Writes {@code key} to Redis ({@code SET}, with the Redis TTL if one is set), then to the
   * local tier. Other instances drop their local copy when the server's invalidation reaches
   * them. Atomic with respect to other writes of the key through this instance.
   *
   * @param key the key
   * @param value the value
   * @throws NullPointerException if {@code key} or {@code value} is null
   * @throws RedisCacheException if the {@code SET} failed; the local tier is unchanged unless
   *     the command timed out, in which case the key is dropped from it
   */
  @Override
  void put(K key, V value);

  /**
   * Returns the value of {@code key} from the local tier, else from Redis, else from {@code
   * loader}, whose result is written to Redis and stored locally (see the class comment).
   *
   * @param key the key
   * @param loader computes a missing value; may return {@code null} (nothing is stored)
   * @return the value, or {@code null} if the loader returned null
   * @throws NullPointerException if {@code key} or {@code loader} is null
   * @throws RedisCacheException if Redis failed
   * @throws RuntimeException what the loader or a codec threw, unchanged, as the core delivers a
   *     loader's failure
   */
  @Override
  V computeIfAbsent(K key, Function<? super K, ? extends V> loader);

  /**
   * Returns the values of {@code keys}, each as {@link #computeIfAbsent} would, the missing ones
   * loaded concurrently.
   *
   * @param keys the keys
   * @param loader computes missing values
   * @return an unmodifiable map of the keys that have a value, in the order of {@code keys}
   * @throws NullPointerException if {@code keys}, a key or {@code loader} is null
   * @throws RedisCacheException if Redis failed
   * @throws RuntimeException what a loader or a codec threw, delivered as for {@link
   *     #computeIfAbsent}
   */
  @Override
  Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader);

  /**
   * Deletes {@code key} from Redis ({@code GETDEL}), then from the local tier (waiting for a
   * local load of the key in flight, as the core's {@code remove} does).
   *
   * @param key the key
   * @return the value Redis held, or {@code null}
   * @throws NullPointerException if {@code key} is null
   * @throws RedisCacheException if the command failed; the local tier is unchanged unless it
   *     timed out, in which case the key is dropped from it
   */
  @Override
  V remove(K key);

  /**
   * Returns whether either tier holds {@code key} ({@code EXISTS} on a local miss).
   *
   * @param key the key
   * @return whether a value exists
   * @throws NullPointerException if {@code key} is null
   * @throws RedisCacheException if Redis was needed and failed
   */
  @Override
  boolean containsKey(K key);

  /**
   * Returns the number of entries in the local tier.
   *
   * @return the local tier's size
   */
  @Override
  int size();

  /** Clears the local tier only (Redis keeps its data); loads in flight store nothing. */
  @Override
  void clear();

  /**
   * Returns a live {@link ConcurrentMap} view of this cache whose reads and writes follow the
   * near cache's rules: writes go to Redis first, then to the local tier, under the same lock
   * as {@link #put}; a write Redis refused throws {@link RedisCacheException} and leaves the
   * local tier unchanged. No {@code null} keys or values ({@link NullPointerException}), except
   * that {@code remove(key, null)} returns {@code false}.
   *
   * <p><b>Atomic across all instances</b> (each one Redis command or script, so a write by any
   * instance or program either comes before it or after it):
   *
   * <ul>
   *   <li>{@code put} ({@code SET ... GET}; returns the value Redis held), {@code remove(key)}
   *       ({@code GETDEL}), {@code putIfAbsent} ({@code SET ... NX GET}), {@code replace(key,
   *       value)} ({@code SET ... XX GET});
   *   <li>{@code replace(key, oldValue, newValue)} and {@code remove(key, value)}: a Lua script
   *       that compares the value in Redis with the <em>encoded</em> {@code oldValue} (or {@code
   *       value}) byte for byte, then sets (or deletes) it; values are equal when their codec
   *       encodes them to the same bytes;
   *   <li>{@code compute}, {@code computeIfPresent} and {@code merge}: optimistic. Each reads the
   *       value in Redis (never the local tier), runs the function on the calling thread with no
   *       lock held, and writes the result with a compare-and-set script ({@code SET NX} if there
   *       was no value, a compare-and-delete script for a {@code null} result); if another writer
   *       came in between, it reads again and runs the function again. The function may
   *       therefore run more than once, and must have no side effects beyond its result. A
   *       result that is the value read (the same instance) writes nothing.
   * </ul>
   *
   * <p><b>Single-flight within this JVM only</b>: {@code computeIfAbsent} is this cache's {@link
   * #computeIfAbsent}: one load per key in this JVM (one across instances with {@link
   * RedisNearCacheBuilder#distributedLoads}); its value is written with {@code SET NX}, so a
   * value another instance stored first wins and is returned.
   *
   * <p><b>Reads</b>: {@code get} and {@code containsKey} are this cache's {@link #get} and {@link
   * #containsKey} (the local tier, else Redis); they never load.
   *
   * <p><b>The local tier only</b>: {@code size}, {@code isEmpty}, {@code containsValue}, {@code
   * equals}, {@code hashCode} and iteration over {@code keySet()}, {@code values()} and {@code
   * entrySet()} see the entries this instance holds locally, not the keys in Redis (which a
   * cache shared with other programs cannot enumerate consistently). Iteration is weakly
   * consistent and never blocks; {@code Iterator.remove} is this cache's {@link #remove} and
   * {@code Map.Entry.setValue} its {@code put}. {@code clear} is this cache's {@link #clear}: it
   * empties the local tier and leaves Redis as it is, so {@code get} may still find values after
   * it.
   *
   * <p>Redis 7.0 reports a write made by a script to the connection that ran it even with {@code
   * NOLOOP}: after a successful {@code replace(key, oldValue, newValue)}, {@code compute}, {@code
   * computeIfPresent} or {@code merge} of an existing value, this instance drops its own local
   * copy of the key when that invalidation arrives, and its next read goes to Redis once.
   *
   * <p>Every method may block on a Redis round trip (a local hit never does) and throws {@link
   * RedisCacheException} if Redis failed, {@link IllegalStateException} once the cache is
   * closed, and what a function or codec threw, unchanged.
   *
   * @return the map view; always the same instance
   */
  @Override
  ConcurrentMap<K, V> asMap();

  /**
   * Returns the core's view of the counts: hits of either tier, Redis misses, loads and local
   * evictions. {@link #nearStats()} gives each tier apart.
   *
   * @return the statistics so far
   */
  @Override
  CacheStats stats();

  /**
   * Returns the counts of each tier and of invalidations.
   *
   * @return the statistics so far
   */
  NearCacheStats nearStats();

  /**
   * Returns whether tracking is established, so the local tier is in use.
   *
   * @return {@code true} while invalidations are being received
   */
  boolean isTracking();

  /**
   * Stops tracking and closes the cache's connection (and the client, if the cache created it
   * from a URI). Idempotent. Operations after close throw {@link IllegalStateException}.
   */
  @Override
  void close();
}
