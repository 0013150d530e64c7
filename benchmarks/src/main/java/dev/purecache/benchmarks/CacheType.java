package dev.purecache.benchmarks;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import dev.purecache.Cache;
import dev.purecache.Policy;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import org.cache2k.Cache2kBuilder;

/** The caches under comparison, each created the same way for every benchmark. */
public enum CacheType {
  /** purecache ADAPTIVE (the builder's default policy), default stripes. */
  PURE_ADAPTIVE(Policy.ADAPTIVE, false),
  /** purecache ADAPTIVE with a time to live (expire after write), default stripes. */
  PURE_ADAPTIVE_TTL(Policy.ADAPTIVE, true),
  /** purecache LRU, default stripes. */
  PURE_LRU(Policy.LRU, false),
  /** purecache LFU, default stripes. */
  PURE_LFU(Policy.LFU, false),
  /** purecache LRU+TTL, default stripes. */
  PURE_LRU_TTL(Policy.LRU_TTL, true),
  /** purecache bounded TTL (expire after write), default stripes. */
  PURE_TTL(Policy.TTL, true),
  /** Caffeine with {@code maximumSize}. */
  CAFFEINE(null, false),
  /** Caffeine with {@code maximumSize} and {@code expireAfterWrite}. */
  CAFFEINE_TTL(null, true),
  /** Guava {@code CacheBuilder} with {@code maximumSize}. */
  GUAVA(null, false),
  /** Guava {@code CacheBuilder} with {@code maximumSize} and {@code expireAfterWrite}. */
  GUAVA_TTL(null, true),
  /** cache2k with {@code entryCapacity}. */
  CACHE2K(null, false),
  /** A {@code synchronized} access-ordered {@code LinkedHashMap} evicting its eldest entry. */
  LHM_LRU(null, false),
  /** An unbounded {@code ConcurrentHashMap}: no policy at all, the ceiling. */
  CHM(null, false);

  /** The time to live of the TTL shapes: long enough that nothing expires during a run. */
  public static final Duration TTL = Duration.ofHours(1);

  private final Policy policy;
  /** Whether entries expire {@link #TTL} after they are written. */
  private final boolean ttl;

  CacheType(Policy policy, boolean ttl) {
    this.policy = policy;
    this.ttl = ttl;
  }

  /** The purecache policy of this type, or null for a comparator. */
  public Policy policy() {
    return policy;
  }

  /** Creates a cache of this type holding at most {@code capacity} entries. */
  public <K, V> BenchCache<K, V> create(int capacity) {
    return create(capacity, 0, false);
  }

  /**
   * Creates a cache of this type.
   *
   * @param capacity maximum entries
   * @param stripes purecache stripe count, 0 for the default
   * @param sameThread run Caffeine's maintenance on the calling thread (deterministic replays and
   *     memory graphs that do not reach into the common pool)
   */
  public <K, V> BenchCache<K, V> create(int capacity, int stripes, boolean sameThread) {
    return switch (this) {
      case PURE_ADAPTIVE, PURE_ADAPTIVE_TTL, PURE_LRU, PURE_LFU, PURE_LRU_TTL, PURE_TTL ->
          new PureAdapter<>(pure(capacity, stripes));
      case CAFFEINE, CAFFEINE_TTL ->
          new CaffeineAdapter<>(caffeine(capacity, ttl, sameThread));
      case GUAVA, GUAVA_TTL -> new GuavaAdapter<>(guava(capacity, ttl));
      case CACHE2K -> new Cache2kAdapter<>(cache2k(capacity));
      case LHM_LRU -> new LruMapAdapter<>(new LruMap<>(capacity));
      case CHM -> new ChmAdapter<>(new ConcurrentHashMap<>(Math.min(capacity, 1 << 16)));
    };
  }

  private <K, V> Cache<K, V> pure(int capacity, int stripes) {
    dev.purecache.CacheBuilder builder =
        dev.purecache.CacheBuilder.newBuilder().policy(policy).capacity(capacity);
    if (ttl) {
      builder.ttl(TTL);
    }
    if (stripes > 0) {
      builder.stripes(stripes);
    }
    return builder.build();
  }

  private static <K, V> com.github.benmanes.caffeine.cache.Cache<K, V> caffeine(
      int capacity, boolean ttl, boolean sameThread) {
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(capacity);
    if (ttl) {
      builder.expireAfterWrite(TTL);
    }
    if (sameThread) {
      builder.executor(Runnable::run);
    }
    return builder.build();
  }

  private static <K, V> com.google.common.cache.Cache<K, V> guava(int capacity, boolean ttl) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().maximumSize(capacity);
    if (ttl) {
      builder.expireAfterWrite(TTL);
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static <K, V> org.cache2k.Cache<K, V> cache2k(int capacity) {
    return (org.cache2k.Cache<K, V>)
        (org.cache2k.Cache<?, ?>) Cache2kBuilder.forUnknownTypes().entryCapacity(capacity).build();
  }

  /** An access-ordered {@link LinkedHashMap} that drops its eldest entry beyond its capacity. */
  private static final class LruMap<K, V> extends LinkedHashMap<K, V> {
    private static final long serialVersionUID = 1L;
    private final int capacity;

    LruMap(int capacity) {
      super(16, 0.75f, true);
      this.capacity = capacity;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
      return size() > capacity;
    }
  }

  /** A purecache {@link Cache}. */
  private record PureAdapter<K, V>(Cache<K, V> unwrap) implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      return unwrap.get(key);
    }

    @Override
    public void put(K key, V value) {
      unwrap.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      return unwrap.computeIfAbsent(key, loader);
    }

    @Override
    public void cleanUp() {
      unwrap.cleanUp();
    }
  }

  /** A Caffeine cache: a get is {@code getIfPresent}, a compute is {@code get(key, loader)}. */
  private record CaffeineAdapter<K, V>(com.github.benmanes.caffeine.cache.Cache<K, V> unwrap)
      implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      return unwrap.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      unwrap.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      return unwrap.get(key, loader);
    }

    @Override
    public void cleanUp() {
      unwrap.cleanUp();
    }
  }

  /** A Guava cache: a compute is {@code get(key, Callable)}, its failure unwrapped. */
  private record GuavaAdapter<K, V>(com.google.common.cache.Cache<K, V> unwrap)
      implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      return unwrap.getIfPresent(key);
    }

    @Override
    public void put(K key, V value) {
      unwrap.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      try {
        return unwrap.get(key, () -> loader.apply(key));
      } catch (ExecutionException | UncheckedExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }

    @Override
    public void cleanUp() {
      unwrap.cleanUp();
    }
  }

  /** A cache2k cache: a get is {@code peek}. */
  private record Cache2kAdapter<K, V>(org.cache2k.Cache<K, V> unwrap)
      implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      return unwrap.peek(key);
    }

    @Override
    public void put(K key, V value) {
      unwrap.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      return unwrap.computeIfAbsent(key, loader);
    }
  }

  /**
   * The {@code synchronized} LRU map; every call names its final class, so the JIT binds it
   * without a receiver profile, as it does the caches' own calls.
   */
  private record LruMapAdapter<K, V>(LruMap<K, V> unwrap) implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      synchronized (unwrap) {
        return unwrap.get(key);
      }
    }

    @Override
    public void put(K key, V value) {
      synchronized (unwrap) {
        unwrap.put(key, value);
      }
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      synchronized (unwrap) {
        return unwrap.computeIfAbsent(key, loader);
      }
    }
  }

  /**
   * The unbounded map, called as a {@link ConcurrentHashMap} (not through {@link Map}), so the JIT
   * binds its calls without a receiver profile, as it does the caches' own calls.
   */
  private record ChmAdapter<K, V>(ConcurrentHashMap<K, V> unwrap) implements BenchCache<K, V> {
    @Override
    public V get(K key) {
      return unwrap.get(key);
    }

    @Override
    public void put(K key, V value) {
      unwrap.put(key, value);
    }

    @Override
    public V computeIfAbsent(K key, Function<? super K, ? extends V> loader) {
      return unwrap.computeIfAbsent(key, loader);
    }
  }
}
