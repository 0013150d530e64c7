package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheInterruptedException;
import dev.purecache.CacheStats;
import dev.purecache.LoadEngine;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Objects;
import java.util.function.Function;

/**
 * The handle of one {@link Memoized} method of a proxy made by {@link Memoizer#proxy}: invalidates
 * its cached results and reads its statistics. Get it with {@link Memoizer#method}.
 *
 * <p>Each memoized method has a cache of its own (policy, capacity and ttl from its annotation,
 * statistics always on). As for every memoized function (see {@link Memoizer}, Keys), the key of a
 * call is its argument list: all arguments in order, each compared by its own {@code equals},
 * arrays by content; {@code null} arguments are allowed. The arguments given to {@link
 * #invalidate} are matched the same way, and must fit the method's parameters (a primitive
 * parameter takes its wrapper type, exactly: {@code 1} is an {@code Integer} and does not fit a
 * {@code long} parameter; write {@code 1L}).
 *
 * <p>Calls of the method through the proxy are single-flight per key: concurrent calls with equal
 * arguments run the implementation once, on a thread of the cache's {@link LoadEngine}, and the
 * other callers park until it ends. A {@code null} result is cached; a thrown exception is not,
 * and reaches every caller of that run unwrapped, as the implementation threw it.
 *
 * <p>Instances are thread-safe. Nothing here blocks except {@link #invalidate}, which waits for a
 * load of the same arguments in flight (so nothing computed before it survives it).
 */
public final class MemoizedMethod {
  private final Method method;
  private final MemoizedSettings settings;
  private final Cache<Object, Object> cache;
  private final Class<?>[] parameterTypes;

  /** Made once: a call passes this field, never a new lambda. */
  private final Function<Object, Object> loader;

  MemoizedMethod(
      Method method, MemoizedSettings settings, Cache<Object, Object> cache, Object target) {
    this.method = method;
    this.settings = settings;
    this.cache = cache;
    this.parameterTypes = method.getParameterTypes();
    this.loader =
        MemoLoader.loader(key -> call(method, target, ArgumentsKey.callArgumentsOf(key)));
  }

  /**
   * Runs a call of the proxy: the cached result, or a single-flight load through the target.
   * {@code args} is the array the proxy made for this call ({@code null} for none).
   */
  Object invoke(Object[] args) {
    return MemoLoader.load(cache, ArgumentsKey.ofAll(args), loader);
  }

  /** Calls {@code method} on {@code target}, throwing what the method threw, unwrapped. */
  static Object call(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * Returns the interface method this handle is for.
   *
   * @return the method
   */
  public Method method() {
    return method;
  }

  /**
   * Forgets the cached result of the call with these arguments, so the next such call reaches the
   * implementation again. If a load of those arguments is in flight, waits for it and removes what
   * it stored: nothing computed before this call survives it.
   *
   * @param args the arguments, as many as the method has parameters, each {@code null} or an
   *     instance of its parameter's type (wrapper type for a primitive); a single argument of a
   *     reference array type must be passed as {@code (Object) array}
   * @throws NullPointerException if {@code args} itself is null
   * @throws IllegalArgumentException if the count or a type of the arguments does not fit the
   *     method, naming the method and the argument
   * @throws CacheInterruptedException if interrupted while waiting for a load of these arguments
   * @throws IllegalStateException if called by the load of these arguments itself
   */
  public void invalidate(Object... args) {
    Objects.requireNonNull(args, "args");
    if (args.length != parameterTypes.length) {
      throw new IllegalArgumentException(
          MemoizedSettings.describe(method)
              + " takes "
              + parameterTypes.length
              + " argument(s), was given "
              + args.length);
    }
    for (int i = 0; i < args.length; i++) {
      Class<?> type = wrap(parameterTypes[i]);
      if (args[i] == null ? parameterTypes[i].isPrimitive() : !type.isInstance(args[i])) {
        throw new IllegalArgumentException(
            "argument "
                + i
                + " of "
                + MemoizedSettings.describe(method)
                + " must be a "
                + type.getTypeName()
                + ", was "
                + (args[i] == null ? "null" : args[i].getClass().getTypeName()));
      }
    }
    cache.remove(ArgumentsKey.ofAll(args));
  }

  private static Class<?> wrap(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    }
    return switch (type.getName()) {
      case "boolean" -> Boolean.class;
      case "byte" -> Byte.class;
      case "char" -> Character.class;
      case "short" -> Short.class;
      case "int" -> Integer.class;
      case "long" -> Long.class;
      case "float" -> Float.class;
      case "double" -> Double.class;
      default -> throw new AssertionError(type);
    };
  }

  /**
   * Forgets every cached result of this method. Does not block: loads in flight still answer
   * their callers but store nothing.
   */
  public void invalidateAll() {
    cache.clear();
  }

  /**
   * Returns the statistics of this method's cache: hits, misses, loads (a {@code null} result
   * counts as a successful load), failures, load time and evictions. A snapshot: does not block.
   *
   * @return the statistics so far
   */
  public CacheStats stats() {
    return cache.stats();
  }

  /**
   * Returns the method and its cache settings, e.g. {@code Prices.price(...) [LRU, capacity 512]}.
   */
  @Override
  public String toString() {
    return MemoizedSettings.describe(method) + " [" + settings + "]";
  }
}
