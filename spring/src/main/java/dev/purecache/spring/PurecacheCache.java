package dev.purecache.spring;

import dev.purecache.Cache;
import dev.purecache.CacheLoadException;
import dev.purecache.LoadingCache;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.springframework.cache.support.AbstractValueAdaptingCache;

/**
 * A Spring {@link org.springframework.cache.Cache} over a purecache {@link Cache}.
 *
 * <p>With {@code allowNullValues} on (the default) a {@code null} value is stored as Spring's
 * {@link org.springframework.cache.support.NullValue#INSTANCE} and read back as {@code null}, so
 * a method that returned {@code null} is not called again; with it off, {@link #put} of {@code
 * null} throws and a loader's {@code null} result is returned but not stored.
 *
 * <p>Loads are single-flight: {@link #get(Object, Callable)} (what {@code @Cacheable(sync =
 * true)} calls) and {@link #retrieve(Object, Supplier)} go through {@link Cache#computeIfAbsent},
 * so concurrent misses of one key run one load and share its value or its failure. {@link #evict}
 * and {@link #clear} follow the purecache rules for a load in flight: an evict waits for it and
 * removes what it stored; a clear does not wait, and the load stores nothing.
 *
 * <p><b>With a loader.</b> If the purecache cache is a {@link LoadingCache} (built with a {@code
 * CacheLoader}, see {@link PurecacheCacheManager#registerCacheLoader}), a miss of {@link
 * #get(Object)}, {@link #get(Object, Class)} or {@link #retrieve(Object)} loads the key with that
 * loader, single-flight, and answers with the loaded value, so {@code @Cacheable} methods of that
 * cache only run when the loader returns {@code null} (no value). The loader's exceptions reach
 * the caller as the core delivers them: a {@link RuntimeException} or {@link Error} unchanged, a
 * checked exception wrapped in a {@link CacheLoadException}. {@link #get(Object, Callable)} and
 * {@link #retrieve(Object, Supplier)} load with the function they are given, not the cache's
 * loader.
 *
 * <p>No method holds a monitor: a virtual thread that waits for a load parks and frees its
 * carrier.
 */
public class PurecacheCache extends AbstractValueAdaptingCache {
  private final String name;
  private final Cache<Object, Object> cache;
  /** The cache's loading view, or null if it has no loader. */
  private final LoadingCache<Object, Object> loading;
  /** The map view of a loading cache: its {@code get} never loads. Null without a loader. */
  private final ConcurrentMap<Object, Object> entries;

  /**
   * Creates a Spring cache that allows {@code null} values.
   *
   * @param name the cache name
   * @param cache the purecache cache holding the entries
   * @throws NullPointerException if {@code name} or {@code cache} is null
   */
  public PurecacheCache(String name, Cache<Object, Object> cache) {
    this(name, cache, true);
  }

  /**
   * Creates a Spring cache.
   *
   * @param name the cache name
   * @param cache the purecache cache holding the entries
   * @param allowNullValues whether {@code null} values are cached
   * @throws NullPointerException if {@code name} or {@code cache} is null
   */
  public PurecacheCache(String name, Cache<Object, Object> cache, boolean allowNullValues) {
    super(allowNullValues);
    this.name = Objects.requireNonNull(name, "name");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.loading = cache instanceof LoadingCache<Object, Object> l ? l : null;
    this.entries = loading != null ? cache.asMap() : null;
  }

  @Override
  public final String getName() {
    return name;
  }

  /** Returns the purecache {@link Cache} behind this one. */
  @Override
  public final Cache<Object, Object> getNativeCache() {
    return cache;
  }

  /**
   * Returns the value of {@code key}, wrapped. Without a loader: the stored value, or {@code null}
   * on a miss; never waits for a load. With a loader: on a miss, loads the key (joining a load of
   * it in flight) and parks until the load finishes; {@code null} only if the loader returned
   * {@code null}.
   *
   * @param key the key
   * @return the value wrapped (a cached null as a wrapper of {@code null}), or {@code null} on a
   *     miss
   * @throws NullPointerException if {@code key} is null
   * @throws RuntimeException what the cache's loader threw, unchanged (and {@link Error}s)
   * @throws CacheLoadException if the cache's loader threw a checked exception (the cause)
   * @throws dev.purecache.CacheLoadTimeoutException if the cache has a load timeout and the load
   *     took longer
   * @throws dev.purecache.CacheInterruptedException if the caller was interrupted while waiting
   */
  @Override
  public ValueWrapper get(Object key) {
    return super.get(key);
  }

  /**
   * Returns the value of {@code key} if it is of {@code type}, loading it on a miss as {@link
   * #get(Object)} does.
   *
   * @param key the key
   * @param type the type the value must have, or {@code null} for any
   * @return the value, or {@code null} on a miss or for a cached null
   * @throws IllegalStateException if the value is not of {@code type}
   * @throws NullPointerException if {@code key} is null
   * @throws RuntimeException what the cache's loader threw, as for {@link #get(Object)}
   */
  @Override
  public <T> T get(Object key, Class<T> type) {
    return super.get(key, type);
  }

  /**
   * Returns the stored value of {@code key}, or {@code null} on a miss; with a loader, loads a
   * missing key first (see {@link #get(Object)}).
   */
  @Override
  protected Object lookup(Object key) {
    return loading != null ? loading.get(key) : cache.get(key);
  }

  /**
   * Returns the value of {@code key}, calling {@code valueLoader} on a miss and storing its
   * result. Concurrent callers for one key share one call: the others park until it finishes and
   * get its value or its failure. A loader's {@code null} is stored as a cached null when {@code
   * allowNullValues} is on, and not stored otherwise.
   *
   * @param key the key
   * @param valueLoader computes the value of a missing key
   * @return the cached or loaded value, possibly {@code null}
   * @throws ValueRetrievalException if {@code valueLoader} threw an exception (its cause); every
   *     caller of that load gets it and nothing is stored
   * @throws dev.purecache.CacheLoadTimeoutException if the cache has a load timeout and the load
   *     took longer
   * @throws dev.purecache.CacheInterruptedException if the caller was interrupted while waiting
   * @throws IllegalStateException if {@code valueLoader} asks for {@code key} of this cache again
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> T get(Object key, Callable<T> valueLoader) {
    Objects.requireNonNull(valueLoader, "valueLoader");
    Object stored;
    try {
      stored =
          cache.computeIfAbsent(
              key,
              k -> {
                T value;
                try {
                  value = valueLoader.call();
                } catch (Exception e) {
                  throw new ValueRetrievalException(k, valueLoader, e);
                }
                return storable(value);
              });
    } catch (CacheLoadException e) {
      throw unwrap(e);
    }
    return (T) fromStoreValue(stored);
  }

  /**
   * Returns a future of the value of {@code key}. With {@code allowNullValues} on, the future
   * holds a {@link ValueWrapper} (so that a cached null is told apart from a miss); with it off,
   * the plain value. Never blocks the calling thread.
   *
   * <p>Without a loader: a completed future of the stored value, or {@code null} on a miss; it
   * does not wait for a load in flight. With a loader: a hit returns a completed future (and,
   * unlike {@link #get(Object)}, starts no {@code refreshAfterWrite} refresh); a miss
   * returns at once a future that a new virtual thread completes once the key is loaded (joining
   * a load of it in flight): with the value, with {@code null} if the loader returned {@code
   * null} (a miss found late, as Spring's contract allows), or exceptionally with what a {@link
   * #get(Object)} would have thrown (the loader's unchecked exception unchanged, a checked one in
   * a {@link CacheLoadException}).
   *
   * @param key the key
   * @return a future of the value, or {@code null} on a miss of a cache without a loader
   * @throws NullPointerException if {@code key} is null
   */
  @Override
  public CompletableFuture<?> retrieve(Object key) {
    Objects.requireNonNull(key, "key");
    if (loading == null) {
      Object stored = cache.get(key);
      return stored == null ? null : CompletableFuture.completedFuture(retrieved(stored));
    }
    // containsKey counts nothing, so a miss is counted once, by the load below
    if (cache.containsKey(key)) {
      Object stored = entries.get(key);
      if (stored != null) {
        return CompletableFuture.completedFuture(retrieved(stored));
      }
    }
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("purecache-retrieve-" + name)
        .start(
            () -> {
              try {
                Object loaded = loading.get(key);
                result.complete(loaded == null ? null : retrieved(loaded));
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
            });
    return result;
  }

  private Object retrieved(Object stored) {
    return isAllowNullValues() ? toValueWrapper(stored) : fromStoreValue(stored);
  }

  /**
   * Returns a future of the value of {@code key}, obtaining it from {@code valueLoader} on a miss.
   * A hit returns a completed future at once. A miss never blocks the calling thread: the load
   * is awaited on a new virtual thread, single-flight with every other load of the key (of this
   * method and of {@link #get(Object, Callable)}), and the future completes with its value or
   * completes exceptionally with what the loader's future failed with (nothing is stored then).
   *
   * @param key the key
   * @param valueLoader supplies a future of the value of a missing key; called once per load
   * @return a future of the value, possibly completing with {@code null}
   * @throws NullPointerException if {@code key} or {@code valueLoader} is null
   */
  @Override
  @SuppressWarnings("unchecked")
  public <T> CompletableFuture<T> retrieve(Object key, Supplier<CompletableFuture<T>> valueLoader) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(valueLoader, "valueLoader");
    Object present = loading != null ? entries.get(key) : cache.get(key);
    if (present != null) {
      return CompletableFuture.completedFuture((T) fromStoreValue(present));
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("purecache-retrieve-" + name)
        .start(
            () -> {
              try {
                Object stored =
                    cache.computeIfAbsent(
                        key,
                        k -> {
                          CompletableFuture<T> future =
                              Objects.requireNonNull(
                                  valueLoader.get(), "valueLoader returned no future");
                          return storable(future.join());
                        });
                result.complete((T) fromStoreValue(stored));
              } catch (Throwable t) {
                result.completeExceptionally(asyncFailure(t));
              }
            });
    return result;
  }

  /**
   * Maps {@code key} to {@code value}; a load of {@code key} in flight stores nothing over it.
   *
   * @throws IllegalArgumentException if {@code value} is null and {@code allowNullValues} is off
   */
  @Override
  public void put(Object key, Object value) {
    cache.put(key, toStoreValue(value));
  }

  /**
   * Maps {@code key} to {@code value} unless it has a value, atomically; if a load of {@code key}
   * is in flight, waits for it.
   *
   * @return the existing value wrapped, or {@code null} if {@code value} was stored
   * @throws IllegalArgumentException if {@code value} is null and {@code allowNullValues} is off
   */
  @Override
  public ValueWrapper putIfAbsent(Object key, Object value) {
    Object candidate = toStoreValue(value);
    Object stored;
    try {
      stored = cache.computeIfAbsent(key, k -> candidate);
    } catch (CacheLoadException e) {
      throw unwrap(e);
    }
    return stored == candidate ? null : toValueWrapper(stored);
  }

  /**
   * Removes the mapping of {@code key}. If a load of {@code key} is in flight, waits for it and
   * removes what it stored, so nothing loaded before the evict survives it.
   */
  @Override
  public void evict(Object key) {
    cache.remove(key);
  }

  /**
   * Removes the mapping of {@code key} as {@link #evict} does.
   *
   * @return whether a value was removed
   */
  @Override
  public boolean evictIfPresent(Object key) {
    return cache.remove(key) != null;
  }

  /**
   * Removes every entry. Does not wait for loads in flight: they answer their callers but store
   * nothing.
   */
  @Override
  public void clear() {
    cache.clear();
  }

  /**
   * Removes every entry, as {@link #clear} does.
   *
   * @return whether the cache held any entry just before
   */
  @Override
  public boolean invalidate() {
    boolean hadEntries = cache.size() > 0;
    cache.clear();
    return hadEntries;
  }

  private Object storable(Object value) {
    return value == null && !isAllowNullValues() ? null : toStoreValue(value);
  }

  /** The loader's own unchecked failure, whether or not the core wrapped it. */
  private static RuntimeException unwrap(CacheLoadException e) {
    Throwable cause = e.getCause();
    if (cause instanceof RuntimeException runtime) {
      return runtime;
    }
    if (cause instanceof Error error) {
      throw error;
    }
    return e;
  }

  private static Throwable asyncFailure(Throwable t) {
    Throwable failure = t;
    if (failure instanceof CacheLoadException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    if (failure instanceof CompletionException && failure.getCause() != null) {
      failure = failure.getCause();
    }
    return failure;
  }
}
