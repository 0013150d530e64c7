package dev.purecache.redis;

import dev.purecache.Cache;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheStats;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The near cache: a purecache local tier in front of a {@link RedisTier}, kept coherent by
 * {@link Tracking}.
 *
 * <p>Implementation overview. A local miss loads through the local tier's {@code
 * computeIfAbsent}, so loads are single-flight per key in this JVM; the load ({@link #fetch})
 * takes the key's {@linkplain Tracking#stampSince stamp} as its {@code GET} reply is decoded and
 * hands its value
 * back without storing it (the private {@link Superseded} signal, thrown through the core's load
 * so that the core stores nothing and every caller of the load gets the value) if an
 * invalidation, a flush or a loss of tracking came after the reply. A {@code get} whose load finds
 * nothing in Redis signals {@link Absent}, so that a {@code computeIfAbsent} that joined it
 * starts its own load with its loader.
 *
 * <p>Writes of one key through this instance are serialized by a striped {@link ReentrantLock}
 * held across the Redis write and the local update, so both tiers see them in one order (the
 * connection does not hear of its own writes: tracking uses {@code NOLOOP}). After updating the
 * local tier a write checks the stamp again and removes its local value if an invalidation
 * arrived meanwhile. Loads never take these locks; a loaded value is written with {@code SET NX}
 * so that it never overwrites a concurrent write.
 */
final class NearCache<K, V> implements RedisNearCache<K, V>, Tracking.LocalTier {
  private static final int WRITE_LOCKS = 64;
  private static final long POLL_NANOS = Duration.ofMillis(5).toNanos();
  private static final int JOIN_RETRIES = 8;
  private static final SecureRandom TOKENS = new SecureRandom();

  private final Cache<K, V> local;
  private final ConcurrentMap<K, V> localMap;
  private final NearMapView<K, V> mapView;
  private final Codec<K> keys;
  private final Codec<V> values;
  private final NearCacheSettings settings;
  private final StatsRecorder stats;
  private final StatefulRedisConnection<byte[], byte[]> connection;
  private final RedisClient ownedClient;
  private final RedisTier redis;
  private final Tracking tracking;
  private final ReentrantLock[] writeLocks = new ReentrantLock[WRITE_LOCKS];
  private volatile boolean closed;

  private NearCache(
      Cache<K, V> local,
      Codec<K> keys,
      Codec<V> values,
      NearCacheSettings settings,
      StatefulRedisConnection<byte[], byte[]> connection,
      RedisClient ownedClient) {
    this.local = local;
    this.localMap = local.asMap(); // its get never loads, even if the local tier is a LoadingCache
    this.mapView = new NearMapView<>(this);
    this.keys = keys;
    this.values = values;
    this.settings = settings;
    this.stats = new StatsRecorder(settings.recordStats());
    this.connection = connection;
    this.ownedClient = ownedClient;
    this.redis = new RedisTier(connection, settings);
    this.tracking = new Tracking(redis, this, settings, stats);
    for (int i = 0; i < WRITE_LOCKS; i++) {
      writeLocks[i] = new ReentrantLock();
    }
  }

  /** Connects, enables tracking and returns the cache; releases everything on failure. */
  static <K, V> NearCache<K, V> open(
      RedisClient client,
      String uri,
      NearCacheSettings settings,
      Codec<K> keys,
      Codec<V> values,
      Cache<K, V> local) {
    RedisClient owned = null;
    if (client == null) {
      owned = RedisClient.create(uri);
      owned.setOptions(
          ClientOptions.builder()
              .protocolVersion(ProtocolVersion.RESP3)
              .autoReconnect(true)
              .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
              .build());
      client = owned;
    }
    StatefulRedisConnection<byte[], byte[]> connection;
    try {
      connection = client.connect(ByteArrayCodec.INSTANCE);
    } catch (RuntimeException e) {
      if (owned != null) {
        owned.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
      throw new RedisCacheException("cannot connect to Redis: " + e.getMessage(), e);
    }
    connection.setTimeout(settings.commandTimeout());
    NearCache<K, V> cache = new NearCache<>(local, keys, values, settings, connection, owned);
    connection.addListener((io.lettuce.core.api.push.PushListener) cache.tracking);
    connection.addListener((io.lettuce.core.RedisConnectionStateListener) cache.tracking);
    try {
      cache.tracking.start();
    } catch (RuntimeException e) {
      cache.close();
      throw e;
    }
    return cache;
  }

  // ---- reads ----

  @Override
  public V get(K key) {
    Objects.requireNonNull(key, "key");
    if (tracking.active()) {
      V value = localMap.get(key);
      if (value != null) {
        return value;
      }
      try {
        return loadLocally(key, null);
      } catch (Absent absent) {
        return null;
      }
    }
    return readWhileLost(key, null);
  }

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(loader, "loader");
    if (tracking.active()) {
      V value = localMap.get(key);
      if (value != null) {
        return value;
      }
      for (int i = 0; i < JOIN_RETRIES && tracking.active(); i++) {
        try {
          return loadLocally(key, loader);
        } catch (Absent joinedGet) {
          // a get() started that load and found nothing: load again, with this loader
        }
      }
      if (tracking.active()) {
        return readThrough(key, loader); // kept joining get()s: answer without the local tier
      }
    }
    return readWhileLost(key, loader);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    Objects.requireNonNull(keys, "keys");
    Objects.requireNonNull(loader, "loader");
    for (K key : keys) {
      Objects.requireNonNull(key, "key");
    }
    if (tracking.active()) {
      try {
        return local.getAll(keys, key -> fetch(key, loader));
      } catch (RuntimeException e) {
        if (signalOf(e) == null) {
          throw e;
        }
        // one key was invalidated while loading: answer key by key
      }
    }
    Map<K, V> result = new LinkedHashMap<>();
    for (K key : keys) {
      V value = computeIfAbsent(key, loader);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  @Override
  public boolean containsKey(K key) {
    Objects.requireNonNull(key, "key");
    if (tracking.active() && local.containsKey(key)) {
      return true;
    }
    checkOpen();
    return redis.exists(redis.dataKey(keys.encode(key)));
  }

  /** Loads through the local tier: single-flight per key, stored unless superseded. */
  private V loadLocally(K key, Function<? super K, ? extends V> loader) {
    try {
      return local.computeIfAbsent(key, k -> fetch(k, loader));
    } catch (RuntimeException e) {
      RuntimeException signal = signalOf(e);
      if (signal instanceof Superseded superseded) {
        if (!superseded.covers(key)) {
          return readThrough(key, loader); // cannot happen: a load of key covers key
        }
        @SuppressWarnings("unchecked")
        V value = (V) superseded.valueOf(key);
        return value;
      }
      if (signal instanceof Absent absent) {
        throw absent;
      }
      throw e;
    }
  }

  /**
   * The load of a local miss: GET, else the loader and SET NX. Runs inside the core's load, so
   * what it returns is stored locally; it throws {@link Superseded} instead when the key was
   * invalidated since the GET was sent, and {@link Absent} for a miss without a loader.
   */
  V fetch(K key, Function<? super K, ? extends V> loader) {
    checkOpen();
    byte[] encodedKey = keys.encode(key);
    byte[] dataKey = redis.dataKey(encodedKey);
    long generation = tracking.generation();
    RedisTier.Stamped reply =
        redis.getStamped(dataKey, () -> tracking.stampSince(dataKey, generation));
    long stamp = reply.stamp();
    V value;
    if (reply.value() != null) {
      stats.redisHit();
      value = values.decode(reply.value());
    } else {
      stats.redisMiss();
      if (loader == null) {
        throw Absent.INSTANCE;
      }
      value = loadAndWrite(key, encodedKey, dataKey, loader);
      if (value == null) {
        return null;
      }
    }
    if (!tracking.unchanged(dataKey, stamp)) {
      throw Superseded.of(key, value);
    }
    return value;
  }

  /** Reads while tracking is lost: the disconnect policy, then Redis, storing nothing. */
  private V readWhileLost(K key, Function<? super K, ? extends V> loader) {
    checkOpen();
    if (tracking.mayServeLocalWhileLost()) {
      V value = localMap.get(key);
      if (value != null) {
        return value;
      }
    }
    return readThrough(key, loader);
  }

  /** Reads Redis, else loads and writes it; stores nothing locally. */
  private V readThrough(K key, Function<? super K, ? extends V> loader) {
    byte[] encodedKey = keys.encode(key);
    byte[] dataKey = redis.dataKey(encodedKey);
    V value = readCounted(dataKey);
    if (value != null || loader == null) {
      return value;
    }
    try {
      return loadAndWrite(key, encodedKey, dataKey, loader);
    } catch (Superseded superseded) {
      @SuppressWarnings("unchecked")
      V loaded = (V) superseded.valueOf(key);
      return loaded;
    }
  }

  private V readCounted(byte[] dataKey) {
    byte[] raw = redis.get(dataKey);
    if (raw == null) {
      stats.redisMiss();
      return null;
    }
    stats.redisHit();
    return values.decode(raw);
  }

  /** Runs the loader for a key missing in Redis (under the distributed lock if enabled). */
  V loadAndWrite(
      K key, byte[] encodedKey, byte[] dataKey, Function<? super K, ? extends V> loader) {
    Duration lockTtl = settings.lockTtl();
    if (lockTtl == null) {
      return runLoaderAndWrite(key, dataKey, loader);
    }
    byte[] token = new byte[16];
    TOKENS.nextBytes(token);
    while (true) {
      if (redis.tryLock(encodedKey, token, lockTtl)) {
        try {
          byte[] raw = redis.get(dataKey);
          return raw != null ? values.decode(raw) : runLoaderAndWrite(key, dataKey, loader);
        } finally {
          try {
            redis.unlock(encodedKey, token);
          } catch (RedisCacheException e) {
            // the lock expires by itself
          }
        }
      }
      LockSupport.parkNanos(POLL_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new CacheInterruptedException(
            "interrupted while waiting for another instance's load of a key",
            new InterruptedException());
      }
      byte[] raw = redis.get(dataKey);
      if (raw != null) {
        stats.redisHit();
        return values.decode(raw);
      }
    }
  }

  private V runLoaderAndWrite(K key, byte[] dataKey, Function<? super K, ? extends V> loader) {
    long start = System.nanoTime();
    V value;
    try {
      value = loader.apply(key);
    } catch (RuntimeException | Error e) {
      stats.load(false, System.nanoTime() - start);
      throw e;
    }
    stats.load(true, System.nanoTime() - start);
    if (value == null) {
      return null;
    }
    if (redis.setIfAbsent(dataKey, values.encode(value))) {
      return value;
    }
    byte[] raw = redis.get(dataKey);
    if (raw == null) {
      throw Superseded.of(key, value); // written and deleted by others meanwhile: keep it out
    }
    return values.decode(raw);
  }

  // ---- writes ----

  @Override
  public void put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    checkOpen();
    byte[] dataKey = redis.dataKey(keys.encode(key));
    byte[] encoded = values.encode(value);
    write(key, dataKey, () -> {
      redis.set(dataKey, encoded);
      return Boolean.TRUE;
    }, applied -> true, value);
  }

  @Override
  public V remove(K key) {
    Objects.requireNonNull(key, "key");
    checkOpen();
    byte[] dataKey = redis.dataKey(keys.encode(key));
    return decodeOrNull(write(key, dataKey, () -> redis.getDel(dataKey), old -> true, null));
  }

  /**
   * Runs a write of {@code key} to Redis, then, if {@code applied} says Redis applied it, sets
   * the local tier to {@code localValue} (removes the key there if it is null); returns the
   * command's reply. Holds the key's write lock throughout, so writes of one key through this
   * instance reach both tiers in one order. A write Redis refused leaves the local tier
   * unchanged; one that timed out (Redis may still apply it) drops the key locally. A value
   * written while tracking was lost, or invalidated by another writer meanwhile, is not kept
   * locally.
   */
  <R> R write(K key, byte[] dataKey, Supplier<R> command, Predicate<R> applied, V localValue) {
    ReentrantLock lock = writeLock(dataKey);
    lock.lock();
    try {
      long stamp = tracking.stamp(dataKey);
      R reply;
      try {
        reply = command.get();
      } catch (RedisTier.WriteFailure e) {
        if (e.outcomeUnknown()) {
          local.remove(key);
        }
        throw e;
      }
      if (!applied.test(reply)) {
        return reply;
      }
      if (localValue == null || stamp == Tracking.INVALID) {
        local.remove(key);
        return reply;
      }
      local.put(key, localValue);
      if (!tracking.unchanged(dataKey, stamp)) {
        local.remove(key);
      }
      return reply;
    } finally {
      lock.unlock();
    }
  }

  /** Decodes a value read from Redis, or returns null for none. */
  V decodeOrNull(byte[] raw) {
    return raw == null ? null : values.decode(raw);
  }

  private ReentrantLock writeLock(byte[] dataKey) {
    int h = Arrays.hashCode(dataKey);
    return writeLocks[(h ^ (h >>> 16)) & (WRITE_LOCKS - 1)];
  }

  // ---- local tier ----

  @Override
  public int size() {
    return local.size();
  }

  @Override
  public void clear() {
    local.clear();
  }

  @Override
  public void cleanUp() {
    local.cleanUp();
  }

  @Override
  public void invalidate(List<byte[]> dataKeys) {
    for (byte[] dataKey : dataKeys) {
      byte[] encodedKey = redis.encodedKey(dataKey);
      if (encodedKey == null) {
        continue;
      }
      try {
        local.remove(keys.decode(encodedKey));
      } catch (RuntimeException e) {
        // a key this codec cannot decode was never stored by this cache
      }
    }
  }

  /** The local tier, for tests in this package. */
  Cache<K, V> localTier() {
    return local;
  }

  Tracking tracking() {
    return tracking;
  }

  RedisTier redis() {
    return redis;
  }

  StatsRecorder recorder() {
    return stats;
  }

  Codec<K> keyCodec() {
    return keys;
  }

  Codec<V> valueCodec() {
    return values;
  }

  NearCacheSettings settings() {
    return settings;
  }

  // ---- statistics and lifecycle ----

  @Override
  public ConcurrentMap<K, V> asMap() {
    return mapView;
  }

  @Override
  public dev.purecache.CacheInfo info() {
    return local.info(); // the local tier's settings; Redis's are the builder's
  }

  @Override
  public CacheStats stats() {
    NearCacheStats near = nearStats();
    return new CacheStats(
        near.localHits() + near.redisHits(),
        near.redisMisses(),
        near.loadSuccesses(),
        near.loadFailures(),
        near.totalLoadTime(),
        near.localEvictions());
  }

  @Override
  public NearCacheStats nearStats() {
    CacheStats localStats = local.stats();
    return stats.snapshot(localStats.hitCount(), localStats.evictionCount());
  }

  @Override
  public boolean isTracking() {
    return tracking.active();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    tracking.close();
    connection.removeListener((io.lettuce.core.api.push.PushListener) tracking);
    connection.removeListener((io.lettuce.core.RedisConnectionStateListener) tracking);
    connection.close();
    if (ownedClient != null) {
      ownedClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
    local.clear();
  }

  void checkOpen() {
    if (closed) {
      throw new IllegalStateException(
          "the near cache of namespace " + settings.namespace() + " is closed");
    }
  }

  @Override
  public String toString() {
    return "RedisNearCache[namespace=" + settings.namespace() + ", tracking=" + isTracking()
        + ", localSize=" + local.size() + "]";
  }

  /** Returns the private signal a load threw (wrapped by the core or not), or null. */
  static RuntimeException signalOf(RuntimeException e) {
    Throwable candidate = e instanceof CacheLoadException ? e.getCause() : e;
    return candidate instanceof Superseded || candidate instanceof Absent
        ? (RuntimeException) candidate
        : null;
  }

  /** A load without a loader found nothing in Redis. */
  private static final class Absent extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Absent INSTANCE = new Absent();

    private Absent() {
      super("absent from Redis", null, false, false);
    }
  }
}
