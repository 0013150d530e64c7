package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoadTimeoutException;
import dev.purecache.CacheStats;
import dev.purecache.LoadEngine;
import java.util.function.Function;

/**
 * A function whose results are cached by argument, made by {@link Memoizer#memoize(Function,
 * Cache)}; also the handle to invalidate its results and read its statistics.
 *
 * <p><b>Keys.</b> As for every memoized function (see {@link Memoizer}, Keys), the key of a call
 * is its argument list, here a list of one: the argument compared with its own {@code equals} (so
 * {@code Integer 1} and {@code Long 1L} are different keys), an array by content, {@code null}
 * equal to {@code null}. The function owns its cache. An argument that is neither {@code null} nor
 * an array is itself the cache key, so a hit allocates nothing. Arguments should be immutable
 * values.
 *
 * <p><b>Results.</b> A {@code null} result is cached like any other: the function runs once and
 * every later call returns {@code null} (the cache holds an internal stand-in that callers never
 * see). A call that throws caches nothing: the next call with that argument runs the function
 * again.
 *
 * <p><b>Blocking and atomicity.</b> A hit returns without blocking on other keys. On a miss the
 * function runs once per key however many threads ask at the same moment (single-flight): one
 * load runs on a thread of the cache's {@link LoadEngine} (not the caller's thread, so thread
 * locals of the caller are not visible to it) and every caller parks until it ends, holding no
 * lock. Instances are thread-safe.
 *
 * @param <A> the argument type
 * @param <R> the result type
 */
public final class MemoizedFunction<A, R> implements Function<A, R> {
  private final Cache<Object, Object> cache;

  /** Made once: a hit passes this field, never a new lambda. */
  private final Function<Object, Object> loader;

  @SuppressWarnings("unchecked")
  MemoizedFunction(Function<? super A, ? extends R> function, Cache<Object, Object> cache) {
    this.cache = cache;
    this.loader = MemoLoader.loader(key -> function.apply((A) ArgumentsKey.callArgumentOf(key)));
  }

  /**
   * Returns the cached result for {@code argument}, running the function on a miss. Blocks while
   * a load of the same argument is in flight (its own or another caller's).
   *
   * @param argument the argument, may be null
   * @return the function's result for this argument, possibly {@code null}
   * @throws RuntimeException the very exception the function threw on this load (shared by every
   *     caller of that load, not wrapped in a {@link CacheLoadException}); nothing is cached
   * @throws Error the very error the function threw on this load; nothing is cached
   * @throws CacheLoadTimeoutException if the cache has a load timeout and the load took longer
   * @throws CacheInterruptedException if the calling thread was interrupted while waiting; its
   *     interrupt status stays set
   * @throws CacheLoadException (with no cause) if the load was cancelled because every caller
   *     stopped waiting
   * @throws IllegalStateException if the function, while computing {@code argument}, asks for
   *     {@code argument} again (directly or through other memoized calls)
   */
  @Override
  @SuppressWarnings("unchecked")
  public R apply(A argument) {
    return (R) MemoLoader.load(cache, ArgumentsKey.of(argument), loader);
  }

  /**
   * Forgets the cached result for {@code argument}, so the next call runs the function again. If
   * a load of that argument is in flight, waits for it and removes what it stored: nothing
   * computed before this call survives it (atomic with respect to loads of that argument).
   *
   * @param argument the argument, may be null
   * @throws CacheInterruptedException if interrupted while waiting for a load of the argument
   * @throws IllegalStateException if called by the load of {@code argument} itself
   */
  public void invalidate(A argument) {
    cache.remove(ArgumentsKey.of(argument));
  }

  /**
   * Forgets every cached result (clears the cache). Does not block: loads in flight still answer
   * their callers but store nothing.
   */
  public void invalidateAll() {
    cache.clear();
  }

  /**
   * Returns the cache's statistics: hits, misses, loads (a {@code null} result counts as a
   * successful load), failures, load time and evictions. All zero unless the cache was built with
   * {@link CacheBuilder#recordStats()}. A snapshot: does not block.
   *
   * @return the statistics so far
   */
  public CacheStats stats() {
    return cache.stats();
  }

  /** Returns a description naming the cache. */
  @Override
  public String toString() {
    return "MemoizedFunction[" + cache + "]";
  }
}
