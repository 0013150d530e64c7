package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A memoized call throws what the memoized code threw, whichever of the two rules a cache follows
 * for a loader's failure: wrap every failure in a {@link CacheLoadException}, or let a {@code
 * RuntimeException} or {@code Error} through unchanged and wrap only checked exceptions. Each
 * rule is applied to a real cache by a decorator that sees exactly what its loader threw.
 */
class MemoizerFailureRulesTest {

  /** How a cache hands a loader's failure to its callers. */
  enum Rule {
    WRAP_EVERY_FAILURE {
      @Override
      RuntimeException deliver(Object key, Throwable failure) {
        return new CacheLoadException("the load of " + key + " failed", failure);
      }
    },
    UNCHECKED_UNCHANGED {
      @Override
      RuntimeException deliver(Object key, Throwable failure) {
        if (failure instanceof Error error) {
          throw error;
        }
        return failure instanceof RuntimeException unchecked
            ? unchecked
            : new CacheLoadException("the load of " + key + " failed", failure);
      }
    };

    abstract RuntimeException deliver(Object key, Throwable failure);

    /** {@code cache}, with this rule for the failures of loaders passed to computeIfAbsent. */
    @SuppressWarnings("unchecked")
    Cache<Object, Object> applyTo(Cache<Object, Object> cache) {
      return (Cache<Object, Object>)
          Proxy.newProxyInstance(
              Cache.class.getClassLoader(),
              new Class<?>[] {Cache.class},
              (proxy, method, args) -> {
                if (method.getName().equals("computeIfAbsent")) {
                  return computeIfAbsent(cache, args[0], (Function<Object, Object>) args[1]);
                }
                try {
                  return method.invoke(cache, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    private Object computeIfAbsent(
        Cache<Object, Object> cache, Object key, Function<Object, Object> loader) {
      try {
        return cache.computeIfAbsent(
            key,
            k -> {
              try {
                return loader.apply(k);
              } catch (RuntimeException | Error e) {
                throw new LoaderFailure(e);
              }
            });
      } catch (LoaderFailure e) {
        throw deliver(key, e.getCause());
      } catch (CacheLoadException e) {
        if (e.getCause() instanceof LoaderFailure failure) {
          throw deliver(key, failure.getCause());
        }
        throw e;
      }
    }
  }

  /** Marks what a loader threw on its way through the real cache. */
  static final class LoaderFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LoaderFailure(Throwable cause) {
      super(null, cause, false, false);
    }
  }

  private static Cache<Object, Object> cache(Rule rule) {
    return rule.applyTo(CacheBuilder.newBuilder().capacity(16).recordStats().build());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void aRuntimeExceptionReachesTheCallerAsThrownAndIsNotCached(Rule rule) {
    AtomicInteger calls = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    Cache<Object, Object> cache = cache(rule);
    MemoizedFunction<Integer, String> f =
        Memoizer.memoize(
            x -> {
              if (calls.incrementAndGet() == 1) {
                throw boom;
              }
              return "ok";
            },
            cache);
    assertThat(catchThrowable(() -> f.apply(1))).isSameAs(boom);
    assertThat(f.apply(1)).isEqualTo("ok");
    assertThat(f.stats().loadFailureCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void anErrorReachesTheCallerAsThrown(Rule rule) {
    AssertionError error = new AssertionError("fatal-ish");
    MemoizedSupplier<String> s =
        Memoizer.memoize(
            () -> {
              throw error;
            },
            cache(rule));
    assertThat(catchThrowable(s::get)).isSameAs(error);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void aCheckedExceptionThrownSneakilyReachesTheCallerAsThrown(Rule rule) {
    IOException io = new IOException("disk");
    MemoizedBiFunction<String, String, String> f =
        Memoizer.memoize(
            (String a, String b) -> {
              throw sneakyThrow(io);
            },
            cache(rule));
    assertThat(catchThrowable(() -> f.apply("a", "b"))).isSameAs(io);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void aCacheLoadExceptionOfTheFunctionItselfIsPassedOnAsItIs(Rule rule) {
    CacheLoadException own = new CacheLoadException("from a nested cache", null);
    MemoizedFunction<Integer, String> f =
        Memoizer.memoize(
            x -> {
              throw own;
            },
            cache(rule));
    assertThat(catchThrowable(() -> f.apply(1))).isSameAs(own);
  }

  @ParameterizedTest
  @EnumSource(Rule.class)
  void aRecursiveLoadIsTheCachesOwnIllegalStateException(Rule rule) {
    @SuppressWarnings("unchecked")
    MemoizedFunction<Integer, Integer>[] self = new MemoizedFunction[1];
    self[0] = Memoizer.memoize(n -> self[0].apply(n), cache(rule));
    assertThatThrownBy(() -> self[0].apply(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recursive load");
  }
}
