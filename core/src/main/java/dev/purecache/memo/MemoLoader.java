package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheLoadException;
import java.util.function.Function;

/**
 * The load path shared by every memoized form: looks a key up in the memo's cache, loads it
 * through {@link Cache#computeIfAbsent} on a miss (single-flight), stores a {@code null} result
 * as a sentinel, and hands the caller the original failure of a load instead of the cache's
 * {@link CacheLoadException}.
 *
 * <p>How failures travel: the loader catches whatever the memoized code throws and rethrows it
 * inside a {@link Failure}, which the cache wraps in a {@code CacheLoadException} for every caller
 * of that load. {@link #load} recognises a {@code Failure} cause and throws the original throwable,
 * unchanged (checked exceptions included). Any other cache exception (a timeout, an interrupted
 * wait, a cancelled load, a recursive load) is not the memoized code's failure and propagates as
 * it is. The cache stores nothing for a failed load, so the next call runs the code again.
 */
final class MemoLoader {

  /**
   * Stands for a {@code null} result, as a cache holds no null values. Stored in memo caches,
   * never returned by {@link #load}.
   */
  static final Object NULL_RESULT =
      new Object() {
        @Override
        public String toString() {
          return "null (memoized result)";
        }
      };

  /**
   * The memoized code, allowed to throw anything.
   *
   * @param <K> the key type
   */
  @FunctionalInterface
  interface Call<K> {
    Object call(K key) throws Throwable;
  }

  /** Carries the memoized code's failure through the cache; never reaches a caller. */
  static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failure(Throwable original) {
      super(null, original, false, false);
    }
  }

  private MemoLoader() {}

  /**
   * Turns {@code call} into a cache loader that never returns null and never throws anything but
   * a {@link Failure}.
   */
  static <K> Function<K, Object> loader(Call<? super K> call) {
    return key -> {
      Object result;
      try {
        result = call.call(key);
      } catch (Throwable failure) {
        throw new Failure(failure);
      }
      return result == null ? NULL_RESULT : result;
    };
  }

  /**
   * Returns the memoized value of {@code key}, loading it with {@code loader} (made by {@link
   * #loader}) on a miss; throws the original failure of the load, if it failed.
   */
  static <K> Object load(Cache<K, Object> cache, K key, Function<? super K, Object> loader) {
    Object value;
    try {
      value = cache.computeIfAbsent(key, loader);
    } catch (CacheLoadException e) {
      if (e.getCause() instanceof Failure failure) {
        throw MemoLoader.<RuntimeException>sneakyThrow(failure.getCause());
      }
      throw e;
    }
    return value == NULL_RESULT ? null : value;
  }

  /** Throws {@code t} as it is, checked or not; declared to return so callers can write throw. */
  @SuppressWarnings("unchecked")
  static <T extends Throwable> T sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }
}
