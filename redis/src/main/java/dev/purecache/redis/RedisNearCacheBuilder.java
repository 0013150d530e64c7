package dev.purecache.redis;

import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoader;
import dev.purecache.Ticker;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Objects;

/**
 * Builds a {@link RedisNearCache} ({@link #build()}), or a {@link RedisNearLoadingCache} with a
 * loader of its own ({@link #build(CacheLoader)}):
 *
 * <pre>{@code
 * RedisNearCache<String, Product> products = RedisNearCache.builder()
 *     .uri("redis://127.0.0.1:6379")                 // or .client(redisClient)
 *     .namespace("catalog:products")                 // keys live under "catalog:products:"
 *     .keyCodec(Codec.utf8())
 *     .valueCodec(productCodec)
 *     .local(CacheBuilder.newBuilder().capacity(10_000).ttl(Duration.ofMinutes(5)))
 *     .redisTtl(Duration.ofHours(1))                 // default: none
 *     .disconnectPolicy(DisconnectPolicy.bypassLocal())
 *     .recordStats()
 *     .build();
 * }</pre>
 *
 * <p>Required: a client or a URI, a namespace, and both codecs. Defaults: the local tier is an
 * LRU cache of 10,000 entries, no Redis TTL, {@link DisconnectPolicy#bypassLocal()}, loads
 * single-flight per JVM only, a command timeout of 2 s, a health check every second (answer
 * within half a second), the system ticker, no statistics.
 *
 * <p>A builder is not thread-safe; a built cache is.
 *
 * @param <K> the key type of the caches it builds
 * @param <V> the value type of the caches it builds
 */
public final class RedisNearCacheBuilder<K, V> {
  private RedisClient client;
  private String uri;
  private String namespace;
  private Codec<?> keyCodec;
  private Codec<?> valueCodec;
  private CacheBuilder<?, ?> local;
  private Duration redisTtl;
  private DisconnectPolicy disconnectPolicy = DisconnectPolicy.bypassLocal();
  private Duration lockTtl;
  private Duration commandTimeout = Duration.ofSeconds(2);
  private Duration healthCheckInterval = Duration.ofSeconds(1);
  private Ticker ticker = Ticker.system();
  private boolean recordStats;

  RedisNearCacheBuilder() {}

  /**
   * Uses a client the application owns: the cache opens its own connection on it and closes
   * only that connection. The client must keep its defaults of automatic reconnection and
   * RESP3 (the cache receives invalidations as RESP3 push messages); {@code
   * DisconnectedBehavior.REJECT_COMMANDS} is recommended, so that writes fail at once while
   * disconnected instead of waiting for the reconnection. Replaces a URI given before.
   *
   * @param client the client
   * @return this builder
   * @throws NullPointerException if {@code client} is null
   */
  public RedisNearCacheBuilder<K, V> client(RedisClient client) {
    this.client = Objects.requireNonNull(client, "client");
    this.uri = null;
    return this;
  }

  /**
   * Connects to {@code uri} (for example {@code redis://127.0.0.1:6379/0}) with a client the
   * cache creates, configures (RESP3, automatic reconnection, commands rejected while
   * disconnected) and shuts down on {@link RedisNearCache#close()}. Replaces a client given
   * before.
   *
   * @param uri a Redis URI
   * @return this builder
   * @throws NullPointerException if {@code uri} is null
   * @throws IllegalArgumentException if {@code uri} is blank
   */
  public RedisNearCacheBuilder<K, V> uri(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (uri.isBlank()) {
      throw new IllegalArgumentException("uri must not be blank");
    }
    this.uri = uri;
    this.client = null;
    return this;
  }

  /**
   * Sets the namespace: every key is stored in Redis as {@code namespace + ":" + encoded key},
   * and the cache tracks the prefix {@code namespace + ":"}. Namespaces of caches on one Redis
   * should not be prefixes of each other's keys.
   *
   * @param namespace a non-empty name without the glob characters {@code * ? [ ] \}
   * @return this builder
   * @throws NullPointerException if {@code namespace} is null
   * @throws IllegalArgumentException if {@code namespace} is empty or has a glob character
   */
  public RedisNearCacheBuilder<K, V> namespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("namespace must not be empty");
    }
    for (int i = 0; i < namespace.length(); i++) {
      char c = namespace.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        throw new IllegalArgumentException(
            "namespace must not contain the pattern character '" + c + "' (at index " + i
                + "), was \"" + namespace + "\"");
      }
    }
    this.namespace = namespace;
    return this;
  }

  /**
   * Sets the codec of keys.
   *
   * @param codec the codec
   * @param <K1> the key type
   * @return this builder, typed for the codec
   * @throws NullPointerException if {@code codec} is null
   */
  @SuppressWarnings("unchecked")
  public <K1> RedisNearCacheBuilder<K1, V> keyCodec(Codec<K1> codec) {
    this.keyCodec = Objects.requireNonNull(codec, "codec");
    return (RedisNearCacheBuilder<K1, V>) this;
  }

  /**
   * Sets the codec of values.
   *
   * @param codec the codec
   * @param <V1> the value type
   * @return this builder, typed for the codec
   * @throws NullPointerException if {@code codec} is null
   */
  @SuppressWarnings("unchecked")
  public <V1> RedisNearCacheBuilder<K, V1> valueCodec(Codec<V1> codec) {
    this.valueCodec = Objects.requireNonNull(codec, "codec");
    return (RedisNearCacheBuilder<K, V1>) this;
  }

  /**
   * Sets how the local tier is built: any policy, capacity and time to live of purecache. Its
   * removal listener, if any, must accept this cache's key and value types. With {@link
   * #recordStats()}, statistics are turned on in this builder too. With {@link
   * #build(CacheLoader)}, a {@code refreshAfterWrite} of the local tier reads the key from Redis
   * again (and runs the loader only if Redis has none).
   *
   * @param local the local tier's builder
   * @return this builder
   * @throws NullPointerException if {@code local} is null
   */
  public RedisNearCacheBuilder<K, V> local(CacheBuilder<?, ?> local) {
    this.local = Objects.requireNonNull(local, "local");
    return this;
  }

  /**
   * Gives every value written to Redis a time to live ({@code SET ... PX}). Default: none.
   *
   * @param ttl a positive duration of at least one millisecond
   * @return this builder
   * @throws NullPointerException if {@code ttl} is null
   * @throws IllegalArgumentException if {@code ttl} is shorter than one millisecond
   */
  public RedisNearCacheBuilder<K, V> redisTtl(Duration ttl) {
    this.redisTtl = requireMillis("redis ttl", ttl);
    return this;
  }

  /**
   * Sets what reads do with the local tier while tracking is lost. Default: {@link
   * DisconnectPolicy#bypassLocal()}.
   *
   * @param policy the policy
   * @return this builder
   * @throws NullPointerException if {@code policy} is null
   */
  public RedisNearCacheBuilder<K, V> disconnectPolicy(DisconnectPolicy policy) {
    this.disconnectPolicy = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * Makes loads single-flight across instances: before running the loader for a key missing in
   * Redis, an instance takes a lock key ({@code SET <namespace>;lock:<key> <token> NX PX
   * lockTtl}); the others poll for the value every few milliseconds meanwhile. Off by default.
   *
   * <p>Failure modes: a loader slower than {@code lockTtl} loses its lock, and another instance
   * loads too (two loads, the first value written wins); an instance that crashes while holding
   * the lock delays the others by up to {@code lockTtl}, after which one of them loads; on a
   * failover before the lock reached the replica, a second instance may load. The lock is only
   * released by its holder (a compare-and-delete script), never by another instance.
   *
   * @param lockTtl how long a lock holds, longer than a typical load
   * @return this builder
   * @throws NullPointerException if {@code lockTtl} is null
   * @throws IllegalArgumentException if {@code lockTtl} is shorter than one millisecond
   */
  public RedisNearCacheBuilder<K, V> distributedLoads(Duration lockTtl) {
    this.lockTtl = requireMillis("lock ttl", lockTtl);
    return this;
  }

  /**
   * Sets how long a Redis command may take before it fails with {@link RedisCacheException}.
   *
   * @param timeout a positive duration
   * @return this builder
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if {@code timeout} is shorter than one millisecond
   */
  public RedisNearCacheBuilder<K, V> commandTimeout(Duration timeout) {
    this.commandTimeout = requireMillis("command timeout", timeout);
    return this;
  }

  /**
   * Sets how often the cache checks that Redis answers ({@code PING}); a check not answered
   * within half the interval counts as a lost connection (the disconnect policy applies until
   * tracking is established again). Default: every second.
   *
   * @param interval a positive duration
   * @return this builder
   * @throws NullPointerException if {@code interval} is null
   * @throws IllegalArgumentException if {@code interval} is shorter than two milliseconds
   */
  public RedisNearCacheBuilder<K, V> healthCheck(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    if (interval.toMillis() < 2) {
      throw new IllegalArgumentException(
          "health check interval must be at least 2 ms, was " + interval);
    }
    this.healthCheckInterval = interval;
    return this;
  }

  /**
   * Sets the time source of the disconnect policy's grace. Tests inject a manual one.
   *
   * @param ticker the time source
   * @return this builder
   * @throws NullPointerException if {@code ticker} is null
   */
  public RedisNearCacheBuilder<K, V> ticker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return this;
  }

  /**
   * Turns statistics on ({@link RedisNearCache#stats()}, {@link RedisNearCache#nearStats()}),
   * in the local tier too. Off by default.
   *
   * @return this builder
   */
  public RedisNearCacheBuilder<K, V> recordStats() {
    this.recordStats = true;
    return this;
  }

  /**
   * Connects, enables tracking and returns the cache. The builder may be used again.
   *
   * @return a new cache with an empty local tier, tracking established
   * @throws IllegalStateException if no client or URI, no namespace, or a codec is missing
   * @throws IllegalArgumentException if the local tier's settings are invalid
   * @throws RedisCacheException if Redis cannot be reached or refuses tracking
   */
  @SuppressWarnings("unchecked")
  public RedisNearCache<K, V> build() {
    NearCacheSettings settings = settings();
    return NearCache.open(
        client, uri, settings, (Codec<K>) keyCodec, (Codec<V>) valueCodec,
        localBuilder().<K, V>build());
  }

  /**
   * Connects, enables tracking and returns a cache that loads with {@code loader}: its {@link
   * RedisNearLoadingCache#get} looks a missing key up in Redis and runs {@link CacheLoader#load}
   * only if Redis has none, and its {@link RedisNearLoadingCache#getAll} reads the missing keys
   * with one {@code MGET} and gives the rest to one {@link CacheLoader#loadAll} call. The
   * builder may be used again.
   *
   * <pre>{@code
   * RedisNearLoadingCache<String, Product> products = RedisNearCache.builder()
   *     .uri("redis://127.0.0.1:6379")
   *     .namespace("catalog:products")
   *     .keyCodec(Codec.utf8())
   *     .valueCodec(productCodec)
   *     .build(id -> repository.find(id));
   * Product p = products.get("42");
   * }</pre>
   *
   * @param loader computes the values Redis does not have
   * @return a new loading cache with an empty local tier, tracking established
   * @throws NullPointerException if {@code loader} is null
   * @throws IllegalStateException if no client or URI, no namespace, or a codec is missing
   * @throws IllegalArgumentException if the local tier's settings are invalid
   * @throws RedisCacheException if Redis cannot be reached or refuses tracking
   */
  @SuppressWarnings("unchecked")
  public RedisNearLoadingCache<K, V> build(CacheLoader<? super K, V> loader) {
    Objects.requireNonNull(loader, "loader");
    NearCacheSettings settings = settings();
    return NearLoadingCache.open(
        client, uri, settings, (Codec<K>) keyCodec, (Codec<V>) valueCodec, localBuilder(),
        loader);
  }

  private NearCacheSettings settings() {
    if (client == null && uri == null) {
      throw new IllegalStateException("a client or a uri is required");
    }
    if (namespace == null) {
      throw new IllegalStateException("a namespace is required");
    }
    if (keyCodec == null || valueCodec == null) {
      throw new IllegalStateException(
          "both codecs are required (" + (keyCodec == null ? "keyCodec" : "valueCodec")
              + " is missing)");
    }
    return new NearCacheSettings(
        namespace, redisTtl, disconnectPolicy, lockTtl, commandTimeout, healthCheckInterval,
        ticker, recordStats);
  }

  @SuppressWarnings("unchecked")
  private CacheBuilder<Object, Object> localBuilder() {
    CacheBuilder<Object, Object> localBuilder =
        local != null
            ? (CacheBuilder<Object, Object>) local
            : CacheBuilder.newBuilder().capacity(10_000);
    if (recordStats) {
      localBuilder.recordStats();
    }
    return localBuilder;
  }

  private static Duration requireMillis(String name, Duration duration) {
    Objects.requireNonNull(duration, name);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException(
          name + " must be positive (at least 1 ms), was " + duration);
    }
    return duration;
  }
}
