package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The one key rule of {@link Memoizer}: a memoized function owns its cache, and the key of a call
 * is its argument list (each argument by its own {@code equals}, arrays by content, {@code null}
 * equal to {@code null}), the same for a function, a two-argument function, a supplier and a
 * proxied method.
 */
class MemoizerKeyTest {

  private static Cache<Object, Object> lru() {
    return CacheBuilder.newBuilder().capacity(64).recordStats().build();
  }

  /** Argument lists of one: 1, 1L, null, [1, 2] twice (equal content), "a": five keys. */
  private static final List<Object> ONE_ARGUMENT_CALLS =
      List.of(1, 1L, new Object[] {null}, new int[] {1, 2}, new int[] {1, 2}, "a");

  /** Pairs: (1, 2), (2, 1), (1L, 2), (null, null) twice, ([1], "x") twice: five keys. */
  private static final List<Object[]> TWO_ARGUMENT_CALLS =
      List.of(
          new Object[] {1, 2},
          new Object[] {2, 1},
          new Object[] {1L, 2},
          new Object[] {null, null},
          new Object[] {null, null},
          new Object[] {new int[] {1}, "x"},
          new Object[] {new int[] {1}, "x"});

  /** {@code new Object[] {null}} in the list above stands for a null argument. */
  private static Object argument(Object listed) {
    return listed instanceof Object[] array && array.length == 1 && array[0] == null
        ? null
        : listed;
  }

  interface Lookup {
    @Memoized(capacity = 64)
    String one(Object a);

    @Memoized(capacity = 64)
    String two(Object a, Object b);

    @Memoized(capacity = 64)
    String none();
  }

  /** Counts the calls of each method. */
  static final class CountingLookup implements Lookup {
    final AtomicInteger one = new AtomicInteger();
    final AtomicInteger two = new AtomicInteger();
    final AtomicInteger none = new AtomicInteger();

    @Override
    public String one(Object a) {
      one.incrementAndGet();
      return "one";
    }

    @Override
    public String two(Object a, Object b) {
      two.incrementAndGet();
      return "two";
    }

    @Override
    public String none() {
      none.incrementAndGet();
      return "none";
    }
  }

  @Test
  void oneArgumentListsGiveTheSameKeysToAFunctionAndToAProxiedMethod() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<Object, String> function =
        Memoizer.memoize(
            a -> {
              calls.incrementAndGet();
              return "one";
            },
            lru());
    CountingLookup target = new CountingLookup();
    Lookup proxy = Memoizer.proxy(Lookup.class, target);
    for (int round = 0; round < 2; round++) {
      for (Object listed : ONE_ARGUMENT_CALLS) {
        function.apply(argument(listed));
        proxy.one(argument(listed));
      }
    }
    assertThat(calls).hasValue(5);
    assertThat(target.one).hasValue(5);
  }

  @Test
  void twoArgumentListsGiveTheSameKeysToABiFunctionAndToAProxiedMethod() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedBiFunction<Object, Object, String> function =
        Memoizer.memoize(
            (Object a, Object b) -> {
              calls.incrementAndGet();
              return "two";
            },
            lru());
    CountingLookup target = new CountingLookup();
    Lookup proxy = Memoizer.proxy(Lookup.class, target);
    for (int round = 0; round < 2; round++) {
      for (Object[] pair : TWO_ARGUMENT_CALLS) {
        function.apply(pair[0], pair[1]);
        proxy.two(pair[0], pair[1]);
      }
    }
    assertThat(calls).hasValue(5);
    assertThat(target.two).hasValue(5);
  }

  @Test
  void theEmptyArgumentListIsOneKeyForASupplierAndForAProxiedMethod() {
    AtomicInteger calls = new AtomicInteger();
    Cache<Object, Object> cache = lru();
    MemoizedSupplier<String> supplier =
        Memoizer.memoize(
            () -> {
              calls.incrementAndGet();
              return "none";
            },
            cache);
    CountingLookup target = new CountingLookup();
    Lookup proxy = Memoizer.proxy(Lookup.class, target);
    for (int i = 0; i < 3; i++) {
      supplier.get();
      proxy.none();
    }
    assertThat(calls).hasValue(1);
    assertThat(target.none).hasValue(1);
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void aSingleArgumentThatIsNeitherNullNorAnArrayIsItselfTheCacheKey() {
    Cache<Object, Object> cache = lru();
    MemoizedFunction<String, Integer> length = Memoizer.memoize(String::length, cache);
    assertThat(length.apply("abc")).isEqualTo(3);
    assertThat(cache.get("abc")).isEqualTo(3);
    cache.put("xy", 99);
    assertThat(length.apply("xy")).isEqualTo(99);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void theFunctionIsNotPartOfTheKeySoTheSameFunctionMemoizedAgainInItsCacheSharesResults() {
    AtomicInteger calls = new AtomicInteger();
    Function<Integer, Integer> square =
        x -> {
          calls.incrementAndGet();
          return x * x;
        };
    BiFunction<Integer, Integer, Integer> times =
        (a, b) -> {
          calls.incrementAndGet();
          return a * b;
        };
    Cache<Object, Object> squares = lru();
    Cache<Object, Object> products = lru();
    assertThat(Memoizer.memoize(square, squares).apply(7)).isEqualTo(49);
    assertThat(Memoizer.memoize(square, squares).apply(7)).isEqualTo(49);
    assertThat(Memoizer.memoize(times, products).apply(6, 7)).isEqualTo(42);
    assertThat(Memoizer.memoize(times, products).apply(6, 7)).isEqualTo(42);
    assertThat(calls).hasValue(2);
  }

  @Test
  void aOneArgumentFunctionComparesAnArrayByContentAndKeepsACopy() {
    AtomicInteger calls = new AtomicInteger();
    MemoizedFunction<int[], Integer> sum =
        Memoizer.memoize(
            xs -> {
              calls.incrementAndGet();
              int s = 0;
              for (int x : xs) {
                s += x;
              }
              return s;
            },
            lru());
    int[] xs = {1, 2};
    assertThat(sum.apply(xs)).isEqualTo(3);
    assertThat(sum.apply(new int[] {1, 2})).isEqualTo(3);
    assertThat(calls).hasValue(1);
    xs[0] = 10;
    assertThat(sum.apply(xs)).isEqualTo(12);
    assertThat(sum.apply(new int[] {1, 2})).isEqualTo(3);
    assertThat(calls).hasValue(2);
    sum.invalidate(new int[] {1, 2});
    assertThat(sum.apply(new int[] {1, 2})).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void theCodeRunsWithTheVeryArraysOfTheCallThatStartedTheLoad() {
    List<Object> seen = new ArrayList<>();
    MemoizedFunction<int[], String> one =
        Memoizer.memoize(
            xs -> {
              seen.add(xs);
              return "one";
            },
            lru());
    MemoizedBiFunction<int[], String[], String> two =
        Memoizer.memoize(
            (int[] xs, String[] names) -> {
              seen.add(xs);
              seen.add(names);
              return "two";
            },
            lru());
    int[] xs = {1};
    String[] names = {"a"};
    one.apply(xs);
    two.apply(xs, names);
    assertThat(seen).hasSize(3);
    assertThat(seen.get(0)).isSameAs(xs);
    assertThat(seen.get(1)).isSameAs(xs);
    assertThat(seen.get(2)).isSameAs(names);
  }
}
