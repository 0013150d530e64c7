package dev.purecache.redis;

import dev.purecache.CacheBuilder;
import dev.purecache.CacheInfo;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoader;
import dev.purecache.CacheStats;
import dev.purecache.LoadingCache;
import io.lettuce.core.RedisClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;

/**
 * The {@link RedisNearLoadingCache}: a {@link NearCache} with a loader.
 *
 * <p>Implementation overview. The local tier is a core {@link LoadingCache} whose own loader is
 * {@link TierLoader}: its {@code loadAll} is {@link #fetchAll} (one {@code MGET}, then the
 * user's {@code loadAll} for what Redis lacks, then pipelined {@code SET NX}), so the core's
 * {@code getAll} makes bulk loads single-flight with every other load of the JVM: keys in flight
 * are joined, the others go to one {@code fetchAll}. Single keys load through the near cache's
 * {@code computeIfAbsent}, the same flights. A bulk load of which any key was invalidated throws
 * {@link Superseded} with all its values: the core stores none of them, and every caller takes
 * its values from the signal.
 */
final class NearLoadingCache<K, V> implements RedisNearLoadingCache<K, V> {
  private static final System.Logger LOG =
      System.getLogger(RedisNearLoadingCache.class.getName());

  private final NearCache<K, V> near;
  private final LoadingCache<K, V> local;
  private final CacheLoader<? super K, V> loader;
  private final Function<K, V> load;
  private final Set<K> refreshing = ConcurrentHashMap.newKeySet();

  private NearLoadingCache(
      NearCache<K, V> near, LoadingCache<K, V> local, CacheLoader<? super K, V> loader) {
    this.near = near;
    this.local = local;
    this.loader = loader;
    this.load = key -> {
      try {
        return loader.load(key);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw checkedFailure(key, e);
      }
    };
  }

  /** Builds the local tier with a {@link TierLoader}, connects, and returns the cache. */
  static <K, V> NearLoadingCache<K, V> open(
      RedisClient client,
      String uri,
      NearCacheSettings settings,
      Codec<K> keys,
      Codec<V> values,
      CacheBuilder<Object, Object> localBuilder,
      CacheLoader<? super K, V> loader) {
    TierLoader<K, V> tierLoader = new TierLoader<>();
    LoadingCache<K, V> local = localBuilder.<K, V>build(tierLoader);
    NearCache<K, V> near = NearCache.open(client, uri, settings, keys, values, local);
    NearLoadingCache<K, V> cache = new NearLoadingCache<>(near, local, loader);
    tierLoader.owner = cache;
    return cache;
  }

  /** The local tier's loader: what the core runs for a key or keys missing locally. */
  private static final class TierLoader<K, V> implements CacheLoader<K, V> {
    volatile NearLoadingCache<K, V> owner;

    @Override
    public V load(K key) {
      return owner.near.fetch(key, owner.load);
    }

    @Override
    public Map<K, V> loadAll(Set<? extends K> keys) {
      return owner.fetchAll(keys);
    }
  }

  // ---- loads ----

  @Override
  public V get(K key) {
    return near.computeIfAbsent(key, load);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    Set<K> distinct = new LinkedHashSet<>(keys.size() * 2);
    for (K key : keys) {
      distinct.add(Objects.requireNonNull(key, "key"));
    }
    near.checkOpen();
    if (!near.tracking().active()) {
      return readAllWhileLost(distinct);
    }
    try {
      return local.getAll(distinct);
    } catch (RuntimeException e) {
      RuntimeException signal = NearCache.signalOf(e);
      if (signal == null) {
        throw e;
      }
      // a key was invalidated while loading (nothing was stored), or a get() found nothing
      Map<K, V> result = new LinkedHashMap<>();
      for (K key : distinct) {
        V value = signal instanceof Superseded superseded && superseded.covers(key)
            ? valueOf(superseded, key)
            : near.computeIfAbsent(key, load);
        if (value != null) {
          result.put(key, value);
        }
      }
      return Collections.unmodifiableMap(result);
    }
  }

  /** Reads while tracking is lost: the disconnect policy for local hits, then Redis in bulk. */
  private Map<K, V> readAllWhileLost(Set<K> keys) {
    Map<K, V> found = new HashMap<>();
    List<K> rest = new ArrayList<>();
    ConcurrentMap<K, V> localMap = local.asMap();
    for (K key : keys) {
      V value = near.tracking().mayServeLocalWhileLost() ? localMap.get(key) : null;
      if (value != null) {
        found.put(key, value);
      } else {
        rest.add(key);
      }
    }
    if (!rest.isEmpty()) {
      try {
        found.putAll(fetchAll(new LinkedHashSet<>(rest)));
      } catch (Superseded superseded) { // always, while tracking is lost: nothing is stored
        for (K key : rest) {
          found.put(key, valueOf(superseded, key));
        }
      }
    }
    Map<K, V> result = new LinkedHashMap<>();
    for (K key : keys) {
      V value = found.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    return Collections.unmodifiableMap(result);
  }

  /**
   * Fetches keys missing locally: one {@code MGET}, the loader for what Redis lacks, {@code SET
   * NX} for what it loaded. Returns the values to store locally, or throws {@link Superseded}
   * with all of them if any key was invalidated since the {@code MGET} reply.
   */
  private Map<K, V> fetchAll(Set<? extends K> keySet) {
    near.checkOpen();
    RedisTier redis = near.redis();
    Tracking tracking = near.tracking();
    StatsRecorder stats = near.recorder();
    List<K> keys = new ArrayList<>(keySet);
    List<byte[]> encodedKeys = new ArrayList<>(keys.size());
    List<byte[]> dataKeys = new ArrayList<>(keys.size());
    for (K key : keys) {
      byte[] encoded = near.keyCodec().encode(key);
      encodedKeys.add(encoded);
      dataKeys.add(redis.dataKey(encoded));
    }
    long generation = tracking.generation();
    RedisTier.Stamped[] replies =
        redis.getAllStamped(dataKeys, dataKey -> tracking.stampSince(dataKey, generation));
    Map<K, V> values = new HashMap<>(keys.size() * 2);
    List<Integer> missing = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      if (replies[i].value() != null) {
        stats.redisHit();
        values.put(keys.get(i), near.valueCodec().decode(replies[i].value()));
      } else {
        stats.redisMiss();
        missing.add(i);
      }
    }
    boolean superseded =
        !missing.isEmpty() && loadMissing(keys, encodedKeys, dataKeys, missing, values);
    for (int i = 0; i < keys.size() && !superseded; i++) {
      superseded = !tracking.unchanged(dataKeys.get(i), replies[i].stamp());
    }
    if (superseded) {
      throw Superseded.ofAll(values);
    }
    values.values().removeIf(Objects::isNull);
    return values;
  }

  /**
   * Loads the keys at {@code missing} into {@code values} (null for none) and writes them to
   * Redis; returns whether a value must be kept out of the local tier.
   */
  private boolean loadMissing(
      List<K> keys, List<byte[]> encodedKeys, List<byte[]> dataKeys, List<Integer> missing,
      Map<K, V> values) {
    boolean superseded = false;
    if (near.settings().lockTtl() != null) { // under each key's lock, one by one
      for (int i : missing) {
        K key = keys.get(i);
        try {
          values.put(key, near.loadAndWrite(key, encodedKeys.get(i), dataKeys.get(i), load));
        } catch (Superseded signal) {
          values.put(key, valueOf(signal, key));
          superseded = true;
        }
      }
      return superseded;
    }
    Set<K> toLoad = new LinkedHashSet<>();
    for (int i : missing) {
      toLoad.add(keys.get(i));
    }
    Map<? super K, V> loaded = loadAll(toLoad);
    List<Integer> written = new ArrayList<>();
    List<byte[]> writeKeys = new ArrayList<>();
    List<byte[]> writeValues = new ArrayList<>();
    for (int i : missing) {
      V value = loaded.get(keys.get(i));
      values.put(keys.get(i), value);
      if (value != null) {
        written.add(i);
        writeKeys.add(dataKeys.get(i));
        writeValues.add(near.valueCodec().encode(value));
      }
    }
    if (written.isEmpty()) {
      return false;
    }
    boolean[] stored = near.redis().setAllIfAbsent(writeKeys, writeValues);
    for (int j = 0; j < stored.length; j++) {
      if (!stored[j]) { // another writer stored a value meanwhile: it wins
        int i = written.get(j);
        byte[] raw = near.redis().get(dataKeys.get(i));
        if (raw == null) {
          superseded = true; // written and deleted by others meanwhile: keep it out
        } else {
          values.put(keys.get(i), near.valueCodec().decode(raw));
        }
      }
    }
    return superseded;
  }

  /** Runs the loader's {@code loadAll}, counted as one load. */
  private Map<? super K, V> loadAll(Set<K> keys) {
    StatsRecorder stats = near.recorder();
    long start = System.nanoTime();
    Map<? super K, V> loaded;
    try {
      loaded = loader.loadAll(Collections.unmodifiableSet(keys));
    } catch (RuntimeException | Error e) {
      stats.load(false, System.nanoTime() - start);
      throw e;
    } catch (Exception e) {
      stats.load(false, System.nanoTime() - start);
      throw checkedFailure(keys, e);
    }
    stats.load(true, System.nanoTime() - start);
    return loaded == null ? Map.of() : loaded;
  }

  @Override
  public void refresh(K key) {
    Objects.requireNonNull(key, "key");
    near.checkOpen();
    if (!refreshing.add(key)) {
      return;
    }
    Thread.ofVirtual().name("purecache-redis-refresh").start(() -> {
      try {
        refreshNow(key);
      } catch (Throwable t) {
        LOG.log(System.Logger.Level.WARNING, "refresh of " + key + " failed", t);
      } finally {
        refreshing.remove(key);
      }
    });
  }

  private void refreshNow(K key) throws Exception {
    RedisTier redis = near.redis();
    byte[] dataKey = redis.dataKey(near.keyCodec().encode(key));
    byte[] raw = redis.get(dataKey);
    V old = near.decodeOrNull(raw);
    StatsRecorder stats = near.recorder();
    long start = System.nanoTime();
    V next;
    try {
      next = old == null ? loader.load(key) : loader.reload(key, old);
    } catch (Exception | Error e) {
      stats.load(false, System.nanoTime() - start);
      throw e;
    }
    stats.load(true, System.nanoTime() - start);
    if (next == null) {
      return;
    }
    byte[] encoded = near.valueCodec().encode(next);
    boolean written = raw == null
        ? near.write(key, dataKey, () -> redis.setIfAbsentGet(dataKey, encoded),
            Objects::isNull, next) == null
        : near.write(key, dataKey, () -> redis.compareAndSet(dataKey, raw, encoded),
            done -> done, next);
    if (!written) {
      LOG.log(System.Logger.Level.DEBUG,
          "refresh of " + key + " stored nothing: another write of the key came first");
    }
  }

  @SuppressWarnings("unchecked")
  private V valueOf(Superseded superseded, K key) {
    return (V) superseded.valueOf(key);
  }

  private static CacheLoadException checkedFailure(Object keys, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    return new CacheLoadException("the load of " + keys + " failed: " + e, e);
  }

  // ---- the near cache's own operations ----

  @Override
  public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
    return near.computeIfAbsent(key, loader);
  }

  @Override
  public Map<K, V> getAll(Collection<? extends K> keys, Function<? super K, ? extends V> loader) {
    return near.getAll(keys, loader);
  }

  @Override
  public void put(K key, V value) {
    near.put(key, value);
  }

  @Override
  public V remove(K key) {
    return near.remove(key);
  }

  @Override
  public boolean containsKey(K key) {
    return near.containsKey(key);
  }

  @Override
  public int size() {
    return near.size();
  }

  @Override
  public void clear() {
    near.clear();
  }

  @Override
  public void cleanUp() {
    near.cleanUp();
  }

  @Override
  public CacheStats stats() {
    return near.stats();
  }

  @Override
  public NearCacheStats nearStats() {
    return near.nearStats();
  }

  @Override
  public boolean isTracking() {
    return near.isTracking();
  }

  @Override
  public ConcurrentMap<K, V> asMap() {
    return near.asMap();
  }

  @Override
  public CacheInfo info() {
    return near.info();
  }

  @Override
  public void close() {
    near.close();
  }

  /** The near cache underneath, for tests in this package. */
  NearCache<K, V> near() {
    return near;
  }

  @Override
  public String toString() {
    return "RedisNearLoadingCache" + near.toString().substring("RedisNearCache".length());
  }
}
