package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoadTimeoutException;
import dev.purecache.CacheStats;
import dev.purecache.LoadEngine;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A function of two arguments whose results are cached by argument pair, made by {@link
 * Memoizer#memoize(BiFunction, Cache)}; also the handle to invalidate its results and read its
 * statistics.
 *
 * <p><b>Keys.</b> As for every memoized function (see {@link Memoizer}, Keys), the key of a call
 * is its argument list, here both arguments in order, compared structurally: each argument by its
 * own {@code equals}, arrays by content ({@link java.util.Arrays#deepEquals}). So {@code (1, 2)}
 * and {@code (2, 1)} are different keys, {@code Integer 1} and {@code Long 1L} differ, and two
 * arrays of equal contents share a key. The key holds copies of array arguments, so changing an
 * argument array after a call cannot corrupt the cache; the function itself runs with the arrays
 * of the call that started the load. Arguments may be {@code null}. The function owns its cache:
 * two different functions must not share one.
 *
 * <p><b>Results.</b> A {@code null} result is cached like any other (the cache holds an internal
 * stand-in that callers never see). A call that throws caches nothing: the next call runs the
 * function again.
 *
 * <p><b>Blocking and atomicity.</b> On a miss the function runs once per key however many
 * threads ask at the same moment (single-flight), on a thread of the cache's {@link LoadEngine};
 * every caller parks until it ends, holding no lock. Instances are thread-safe.
 *
 * @param <A> the first argument type
 * @param <B> the second argument type
 * @param <R> the result type
 */
public final class MemoizedBiFunction<A, B, R> implements BiFunction<A, B, R> {
  private final Cache<Object, Object> cache;

  /** Made once: a call passes this field, never a new lambda. */
  private final Function<Object, Object> loader;

  @SuppressWarnings("unchecked")
  MemoizedBiFunction(
      BiFunction<? super A, ? super B, ? extends R> function, Cache<Object, Object> cache) {
    this.cache = cache;
    this.loader =
        MemoLoader.loader(
            key -> {
              Object[] arguments = ArgumentsKey.callArgumentsOf(key);
              return function.apply((A) arguments[0], (B) arguments[1]);
            });
  }

  /**
   * Returns the cached result for {@code (a, b)}, running the function on a miss with the
   * arguments of the call that started the load. Blocks while a load of the same pair is in
   * flight.
   *
   * @param a the first argument, may be null
   * @param b the second argument, may be null
   * @return the function's result for these arguments, possibly {@code null}
   * @throws RuntimeException the very exception the function threw on this load (shared by every
   *     caller of that load, not wrapped in a {@link CacheLoadException}); nothing is cached
   * @throws Error the very error the function threw on this load; nothing is cached
   * @throws CacheLoadTimeoutException if the cache has a load timeout and the load took longer
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting; its
   *     interrupt status stays set
   * @throws CacheLoadException (with no cause) if the load was cancelled because every caller
   *     stopped waiting
   * @throws IllegalStateException if the function, while computing {@code (a, b)}, asks for
   *     {@code (a, b)} again
   */
  @Override
  @SuppressWarnings("unchecked")
  public R apply(A a, B b) {
    return (R) MemoLoader.load(cache, new ArgumentsKey(new Object[] {a, b}), loader);
  }

  /**
   * Forgets the cached result for {@code (a, b)}. If a load of that pair is in flight, waits for
   * it and removes what it stored: nothing computed before this call survives it.
   *
   * @param a the first argument, may be null
   * @param b the second argument, may be null
   * @throws CacheInterruptedException if interrupted while waiting for a load of the pair
   * @throws IllegalStateException if called by the load of {@code (a, b)} itself
   */
  public void invalidate(A a, B b) {
    cache.remove(new ArgumentsKey(new Object[] {a, b}));
  }

  /**
   * Forgets every cached result (clears the cache). Does not block: loads in flight still answer
   * their callers but store nothing.
   */
  public void invalidateAll() {
    cache.clear();
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
    return "MemoizedBiFunction[" + cache + "]";
  }
}
