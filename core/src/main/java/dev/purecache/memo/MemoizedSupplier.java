package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoadTimeoutException;
import dev.purecache.CacheStats;
import dev.purecache.LoadEngine;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A supplier whose one result is cached, made by {@link Memoizer#memoize(Supplier, Cache)}; also
 * the handle to invalidate it and read its statistics. With a TTL cache this is a value that is
 * recomputed at most once per time to live.
 *
 * <p>A {@code null} result is cached like any other (the cache holds an internal stand-in that
 * callers never see). A call that throws caches nothing: the next call runs the supplier again.
 * The supplier runs once however many threads ask at the same moment (single-flight), on a thread
 * of the cache's {@link LoadEngine}; every caller parks until it ends, holding no lock. As for
 * every memoized function (see {@link Memoizer}, Keys), the key is the argument list, here empty:
 * the supplier has one key, and owns its cache. Instances are thread-safe.
 *
 * @param <R> the result type
 */
public final class MemoizedSupplier<R> implements Supplier<R> {
  private final Cache<Object, Object> cache;

  /** Made once: a call passes this field, never a new lambda. */
  private final Function<Object, Object> loader;

  MemoizedSupplier(Supplier<? extends R> supplier, Cache<Object, Object> cache) {
    this.cache = cache;
    this.loader = MemoLoader.loader(key -> supplier.get());
  }

  /**
   * Returns the cached result, running the supplier if none is cached. Blocks while a load is in
   * flight.
   *
   * @return the supplier's result, possibly {@code null}
   * @throws RuntimeException the very exception the supplier threw on this load (shared by every
   *     caller of that load, not wrapped in a {@link CacheLoadException}); nothing is cached
   * @throws Error the very error the supplier threw on this load; nothing is cached
   * @throws CacheLoadTimeoutException if the cache has a load timeout and the load took longer
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting; its
   *     interrupt status stays set
   * @throws CacheLoadException (with no cause) if the load was cancelled because every caller
   *     stopped waiting
   * @throws IllegalStateException if the supplier calls itself while loading
   */
  @Override
  @SuppressWarnings("unchecked")
  public R get() {
    return (R) MemoLoader.load(cache, ArgumentsKey.NONE, loader);
  }

  /**
   * Forgets the cached result, so the next call runs the supplier again (a supplier has one key,
   * so this is also "invalidate all"). If a load is in flight, waits for it and removes what it
   * stored: nothing computed before this call survives it.
   *
   * @throws CacheInterruptedException if interrupted while waiting for a load
   * @throws IllegalStateException if called by the supplier itself while it loads
   */
  public void invalidate() {
    cache.remove(ArgumentsKey.NONE);
  }

  /**
   * Returns the cache's statistics; all zero unless the cache was built with {@link
   * CacheBuilder#recordStats()}. A snapshot: does not block.
   *
   * @return the statistics so far
   */
  public CacheStats stats() {
    return cache.stats();
  }

  /** Returns a description naming the cache. */
  @Override
  public String toString() {
    return "MemoizedSupplier[" + cache + "]";
  }
}
