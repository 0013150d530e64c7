package dev.purecache.memo;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.lang.reflect.Proxy;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Caches the results of functions and of interface methods by their arguments: memoization, with
 * single-flight loads and cached {@code null} results.
 *
 * <p><b>Functions.</b> {@link #memoize(Function, Cache)} and its forms for two arguments and for
 * suppliers wrap a function so that it runs at most once per argument list while its result stays
 * in the given cache (whose policy, capacity, time to live, time source and statistics are the
 * caller's choice):
 *
 * <pre>{@code
 * Cache<Object, Object> cache = CacheBuilder.newBuilder()
 *     .policy(Policy.LRU_TTL).capacity(10_000).ttl(Duration.ofMinutes(5)).recordStats().build();
 * MemoizedFunction<String, User> findUser = Memoizer.memoize(repository::find, cache);
 * User u = findUser.apply("alice");   // runs repository.find once, then hits
 * findUser.invalidate("alice");       // forget one result
 * }</pre>
 *
 * <p><b>Interfaces.</b> {@link #proxy(Class, Object)} wraps an implementation of an interface so
 * that its {@link Memoized} methods are cached, each in a cache of its own built from its
 * annotation, and every other method passes straight through:
 *
 * <pre>{@code
 * interface Prices {
 *   @Memoized(policy = Policy.LRU_TTL, capacity = 512, ttl = "PT5M")
 *   BigDecimal price(String sku, Currency currency) throws IOException;
 * }
 * Prices prices = Memoizer.proxy(Prices.class, new HttpPrices(client));
 * Memoizer.method(prices, "price", String.class, Currency.class).invalidateAll();
 * }</pre>
 *
 * <p><b>Keys: one rule for every form.</b> A memoized function owns its cache, and the key of a
 * call is its argument list, nothing else: two calls share a result exactly when they pass equal
 * arguments in the same order, each compared with its own {@code equals} (so {@code Integer 1}
 * and {@code Long 1L} differ), arrays by content ({@link java.util.Arrays#deepEquals}, nested
 * ones too), and {@code null} equal to {@code null}. Arguments may be {@code null}. This holds
 * alike for a {@link MemoizedFunction} (a list of one), a {@link MemoizedBiFunction} (of two), a
 * {@link MemoizedSupplier} (the empty list: one key) and each {@link Memoized} method of a proxy
 * (its parameters). Consequences:
 *
 * <ul>
 *   <li>The function's identity is not in the key, so each memoized function needs a cache of its
 *       own: two different functions memoized in one cache would answer each other's calls (a
 *       proxy builds one cache per method). Memoizing the same function again in the same cache
 *       shares its results, for example when the wrapper is rebuilt per request around a
 *       long-lived cache. {@code invalidateAll()} clears the cache.
 *   <li>How a key is stored: a single argument that is neither {@code null} nor an array is its
 *       own key, so the cache's own readers (a direct {@link Cache#get}, a removal listener) see
 *       the argument itself, and a hit makes no key at all; every other argument list is stored
 *       as an internal key object (opaque to those readers) that holds deep copies of its array
 *       arguments, so changing an array after a call cannot corrupt the cache. The
 *       memoized code still runs with the arguments of the call that started the load.
 *   <li>Arguments should be immutable values, or at least not change while a result is cached.
 * </ul>
 *
 * <p><b>What every form guarantees.</b>
 *
 * <ul>
 *   <li>Single-flight: concurrent calls with equal arguments run the code once; the others park
 *       (a virtual thread frees its carrier) until that run ends, and share its result or
 *       failure. The code runs on a thread of the cache's {@link LoadEngine}, not the caller's.
 *   <li>A {@code null} result is cached like any other value (through an internal stand-in that
 *       callers never see), so a function that returns {@code null} is not called again.
 *   <li>No failure is cached: the next call runs the code again. The caller gets the very
 *       exception the code threw (a {@code RuntimeException}, an {@code Error} or, for interface
 *       methods, a checked exception the method declares), not a {@link CacheLoadException}
 *       wrapping it; callers that shared the failed run all get that same instance. Only the
 *       cache's own failures (timeouts, interrupted waits, cancelled or recursive loads) surface
 *       as cache exceptions.
 *   <li>A hit of a one-argument function whose argument is its own key allocates nothing: no key,
 *       no loader, no wrapper for a {@code null} result (beyond what the cache's own hit does).
 * </ul>
 *
 * <p><b>Nulls, blocking, atomicity.</b> No argument of this class's methods may be {@code null}
 * ({@link NullPointerException} naming it). Making a memoized function, a proxy or a handle does
 * not block. A memoized call blocks (parks, holding no lock) only while a run for equal arguments
 * is in flight; runs for different arguments proceed concurrently. For each key, "look up, else
 * run once and store" is atomic: no two runs for one key overlap, and an {@code invalidate} of
 * that key waits for a run in flight so nothing computed before it survives it.
 *
 * <p>This class has static methods only; everything it returns is thread-safe.
 */
public final class Memoizer {

  private Memoizer() {}

  /**
   * Returns {@code function} memoized in {@code cache}, a cache of its own: the key of a call is
   * its argument (see Keys above), and the cache stores each result, or a stand-in for {@code
   * null}. Its time to live, capacity, time source ({@link CacheBuilder#ticker}) and statistics
   * ({@link CacheBuilder#recordStats}) apply as configured. The cache's own readers (a direct
   * {@link Cache#get}, a removal listener) see a {@code null} result as an opaque stand-in object;
   * callers of the memoized function never do.
   *
   * @param function the function to memoize; it may return {@code null} and may throw
   * @param cache the cache holding the results, for this function only
   * @param <A> the argument type
   * @param <R> the result type
   * @return the memoized function, also the handle to invalidate results and read statistics
   * @throws NullPointerException if {@code function} or {@code cache} is null
   */
  public static <A, R> MemoizedFunction<A, R> memoize(
      Function<? super A, ? extends R> function, Cache<Object, Object> cache) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(cache, "cache");
    return new MemoizedFunction<>(function, cache);
  }

  /**
   * Returns {@code function} memoized in {@code cache}, a cache of its own: the key of a call is
   * its two arguments in order (see Keys above), and the cache stores each result, or a stand-in
   * for {@code null}.
   *
   * @param function the function to memoize; it may return {@code null} and may throw
   * @param cache the cache holding the results, for this function only
   * @param <A> the first argument type
   * @param <B> the second argument type
   * @param <R> the result type
   * @return the memoized function, also the handle to invalidate results and read statistics
   * @throws NullPointerException if {@code function} or {@code cache} is null
   */
  public static <A, B, R> MemoizedBiFunction<A, B, R> memoize(
      BiFunction<? super A, ? super B, ? extends R> function, Cache<Object, Object> cache) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(cache, "cache");
    return new MemoizedBiFunction<>(function, cache);
  }

  /**
   * Returns {@code supplier} memoized in {@code cache}, a cache of its own: its argument list is
   * empty, so it has one key (see Keys above); it runs once, and again only after its result was
   * evicted, expired or invalidated. With a {@link Policy#TTL} cache this is a value recomputed at
   * most once per time to live.
   *
   * @param supplier the supplier to memoize; it may return {@code null} and may throw
   * @param cache the cache holding the result, for this supplier only
   * @param <R> the result type
   * @return the memoized supplier, also the handle to invalidate its result and read statistics
   * @throws NullPointerException if {@code supplier} or {@code cache} is null
   */
  public static <R> MemoizedSupplier<R> memoize(
      Supplier<? extends R> supplier, Cache<Object, Object> cache) {
    Objects.requireNonNull(supplier, "supplier");
    Objects.requireNonNull(cache, "cache");
    return new MemoizedSupplier<>(supplier, cache);
  }

  /**
   * Returns a proxy of {@code type} that calls {@code target}, caching the results of its {@link
   * Memoized} methods; time is read from {@link Ticker#system()}. See {@link #proxy(Class, Object,
   * Ticker)}.
   *
   * @param type the interface
   * @param target the implementation every call reaches on a miss or pass-through
   * @param <T> the interface type
   * @return the proxy
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code type} is not an interface a proxy can implement,
   *     {@code target} does not implement it, it has no {@code @Memoized} method, or a method is
   *     at fault (see {@link Memoized}); the message names the method
   */
  public static <T> T proxy(Class<T> type, T target) {
    return proxy(type, target, Ticker.system());
  }

  /**
   * Returns a proxy of {@code type} that calls {@code target}, caching the results of its {@link
   * Memoized} methods, with the given time source for expiry (tests pass a manual one and never
   * sleep).
   *
   * <ul>
   *   <li>Each {@code @Memoized} method gets a cache of its own, built from its annotation, with
   *       statistics on (read them, and invalidate, through {@link #method}). The key of a call is
   *       its argument list, as for every memoized function (see Keys above).
   *   <li>Every other abstract method, and every {@code default} method, passes straight to the
   *       target each time: a default method runs as it does on the target, so the calls it makes
   *       on {@code this} reach the target directly and are not memoized.
   *   <li>{@code equals} is identity of the proxy, {@code hashCode} its identity hash, {@code
   *       toString} the target's; none is memoized.
   *   <li>Exceptions reach the caller as the target threw them, checked ones included, as
   *       declared by the method; none is cached.
   * </ul>
   *
   * <p>Everything is checked here, not on the first call: a method returning {@code void}, an
   * annotation on a default, static or {@code Object} method, and bad annotation values all
   * throw. The interface may be public or not, in a named module or in the unnamed one, as long as
   * module {@code dev.purecache} may call its methods (an exported package for a public interface,
   * an open one otherwise; the unnamed module exports and opens everything). Making a proxy does
   * not block.
   *
   * @param type the interface
   * @param target the implementation every call reaches on a miss or pass-through
   * @param ticker the time source for the methods' time to live
   * @param <T> the interface type
   * @return the proxy
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if {@code type} is not an interface a proxy can implement (a
   *     sealed or hidden interface, say), {@code target} does not implement it, it has no {@code
   *     @Memoized} method, module {@code dev.purecache} may not call its methods, or a method is at
   *     fault (see {@link Memoized}); the message names the method
   */
  public static <T> T proxy(Class<T> type, T target, Ticker ticker) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(ticker, "ticker");
    if (!type.isInterface() || type.isAnnotation()) {
      throw new IllegalArgumentException(type.getTypeName() + " is not an interface");
    }
    if (!type.isInstance(target)) {
      throw new IllegalArgumentException(
          "target "
              + target.getClass().getTypeName()
              + " does not implement "
              + type.getTypeName());
    }
    MemoizingHandler handler = MemoizingHandler.create(type, target, ticker);
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
  }

  /**
   * Returns the handle of a {@link Memoized} method of a proxy made by {@link #proxy}, to
   * invalidate its results and read its statistics. Does not block.
   *
   * @param proxy a proxy made by {@link #proxy}
   * @param name the method's name
   * @param parameterTypes the method's parameter types, in order
   * @return the method's handle
   * @throws NullPointerException if an argument or a parameter type is null
   * @throws IllegalArgumentException if {@code proxy} was not made by {@link #proxy}, or its
   *     interface has no {@code @Memoized} method of that name and parameter types (the message
   *     lists the memoized ones)
   */
  public static MemoizedMethod method(Object proxy, String name, Class<?>... parameterTypes) {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(parameterTypes, "parameterTypes");
    if (!Proxy.isProxyClass(proxy.getClass())
        || !(Proxy.getInvocationHandler(proxy) instanceof MemoizingHandler handler)) {
      throw new IllegalArgumentException(
          proxy.getClass().getTypeName() + " is not a proxy made by Memoizer.proxy");
    }
    return handler.memoizedMethod(name, parameterTypes);
  }
}
