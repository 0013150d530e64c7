package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheLoadException;
import java.util.function.Function;

/**
 * The load path shared by every memoized form: looks a key up in the memo's cache, loads it
 * through {@link Cache#computeIfAbsent} on a miss (single-flight), stores a {@code null} result
 * as a stand-in, and hands the caller the memoized code's own failure.
 *
 * <p>How failures travel: the loader catches whatever the memoized code throws and rethrows it
 * inside a {@link Failure}, an unchecked exception of this package that nothing else throws. The
 * cache passes it to every caller of that load, either as it is or wrapped in a {@link
 * CacheLoadException} (caches have done both: only the loader's checked exceptions need a
 * wrapper); {@link #load} recognises a {@code Failure}, bare or as such a wrapper's cause, and
 * throws the original throwable unchanged, checked exceptions included. Every other exception (a
 * timeout, an interrupted wait, a cancelled load, a recursive load) is the cache's own and
 * propagates as it is. The cache stores nothing for a failed load, so the next call runs the code
 * again.
 *
 * <p>A hit allocates nothing here: each memoized form makes its loader once, the cache returns
 * the stored value, and the {@code null} stand-in is one shared object.
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

  /** The memoized code, given the key of the call that started the load; may throw anything. */
  @FunctionalInterface
  interface Call {
    Object call(Object key) throws Throwable;
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
   * a {@link Failure}. Made once per memoized function, method or supplier.
   */
  static Function<Object, Object> loader(Call call) {
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
  static Object load(Cache<Object, Object> cache, Object key, Function<Object, Object> loader) {
    Object value;
    try {
      value = cache.computeIfAbsent(key, loader);
    } catch (Failure failure) {
      throw MemoLoader.<RuntimeException>sneakyThrow(failure.getCause());
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
