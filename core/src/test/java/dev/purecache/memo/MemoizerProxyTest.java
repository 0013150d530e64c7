package dev.purecache.memo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.purecache.CacheStats;
import dev.purecache.ManualTicker;
import dev.purecache.Policy;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MemoizerProxyTest {
  private final ManualTicker ticker = new ManualTicker();

  /** A service whose every call is counted by method name. */
  interface Catalog {
    @Memoized(capacity = 64)
    String name(int id);

    @Memoized(capacity = 64)
    String label(int id);

    String live(int id);

    @Memoized(capacity = 64)
    int sum(int a, int b);

    @Memoized(capacity = 64)
    int difference(int a, int b);

    @Memoized(capacity = 64)
    int total(int[] values);

    @Memoized(capacity = 64)
    String deep(Object[][] grid);

    @Memoized(capacity = 64)
    String kind(Object value);

    @Memoized(capacity = 64)
    String maybe(String key);

    @Memoized(capacity = 64)
    String read(String path) throws IOException;

    @Memoized(capacity = 64)
    String constant();

    void reset();

    default String shout(int id) {
      return name(id).toUpperCase();
    }

    default String greet(int id) {
      return "hello " + name(id);
    }
  }

  static class CountingCatalog implements Catalog {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    volatile IOException ioFailure;

    int calls(String method) {
      AtomicInteger n = calls.get(method);
      return n == null ? 0 : n.get();
    }

    private void count(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    @Override
    public String name(int id) {
      count("name");
      return "name" + id;
    }

    @Override
    public String label(int id) {
      count("label");
      return "label" + id;
    }

    @Override
    public String live(int id) {
      count("live");
      return "live" + id;
    }

    @Override
    public int sum(int a, int b) {
      count("sum");
      return a + b;
    }

    @Override
    public int difference(int a, int b) {
      count("difference");
      return a - b;
    }

    @Override
    public int total(int[] values) {
      count("total");
      int s = 0;
      for (int v : values) {
        s += v;
      }
      return s;
    }

    @Override
    public String deep(Object[][] grid) {
      count("deep");
      return java.util.Arrays.deepToString(grid);
    }

    @Override
    public String kind(Object value) {
      count("kind");
      return value == null ? "null" : value.getClass().getSimpleName();
    }

    @Override
    public String maybe(String key) {
      count("maybe");
      return null;
    }

    @Override
    public String read(String path) throws IOException {
      count("read");
      if (ioFailure != null) {
        IOException failure = ioFailure;
        ioFailure = null;
        throw failure;
      }
      return "contents of " + path;
    }

    @Override
    public String constant() {
      count("constant");
      return "c";
    }

    @Override
    public void reset() {
      count("reset");
    }

    @Override
    public String greet(int id) {
      count("greet");
      return "hi " + id;
    }

    @Override
    public String toString() {
      count("toString");
      return "CountingCatalog";
    }
  }

  private final CountingCatalog target = new CountingCatalog();
  private final Catalog catalog = Memoizer.proxy(Catalog.class, target);

  @Test
  void annotatedMethodRunsOncePerArgumentsAndPlainMethodsPassThrough() {
    for (int i = 0; i < 3; i++) {
      assertThat(catalog.name(1)).isEqualTo("name1");
      assertThat(catalog.live(1)).isEqualTo("live1");
      catalog.reset();
    }
    catalog.name(2);
    assertThat(target.calls("name")).isEqualTo(2);
    assertThat(target.calls("live")).isEqualTo(3);
    assertThat(target.calls("reset")).isEqualTo(3);
  }

  @Test
  void zeroArgumentMethodIsMemoized() {
    catalog.constant();
    catalog.constant();
    assertThat(target.calls("constant")).isEqualTo(1);
  }

  @Test
  void eachMethodHasACacheOfItsOwn() {
    assertThat(catalog.name(5)).isEqualTo("name5");
    assertThat(catalog.label(5)).isEqualTo("label5");
    assertThat(catalog.sum(7, 3)).isEqualTo(10);
    assertThat(catalog.difference(7, 3)).isEqualTo(4);
    assertThat(catalog.name(5)).isEqualTo("name5");
    assertThat(catalog.label(5)).isEqualTo("label5");
    assertThat(target.calls("name")).isEqualTo(1);
    assertThat(target.calls("label")).isEqualTo(1);
    assertThat(target.calls("sum")).isEqualTo(1);
    assertThat(target.calls("difference")).isEqualTo(1);
  }

  @Test
  void argumentOrderMatters() {
    assertThat(catalog.difference(1, 2)).isEqualTo(-1);
    assertThat(catalog.difference(2, 1)).isEqualTo(1);
    assertThat(catalog.difference(1, 2)).isEqualTo(-1);
    assertThat(target.calls("difference")).isEqualTo(2);
  }

  @Test
  void arraysWithEqualContentsShareAKeyEvenNested() {
    assertThat(catalog.total(new int[] {1, 2, 3})).isEqualTo(6);
    assertThat(catalog.total(new int[] {1, 2, 3})).isEqualTo(6);
    assertThat(catalog.total(new int[] {3, 2, 1})).isEqualTo(6);
    assertThat(target.calls("total")).isEqualTo(2);

    catalog.deep(new Object[][] {{"a", new int[] {1}}, {null}});
    catalog.deep(new Object[][] {{"a", new int[] {1}}, {null}});
    assertThat(target.calls("deep")).isEqualTo(1);
    catalog.deep(new Object[][] {{"a", new int[] {2}}, {null}});
    assertThat(target.calls("deep")).isEqualTo(2);
  }

  @Test
  void integerAndLongArgumentsDiffer() {
    assertThat(catalog.kind(1)).isEqualTo("Integer");
    assertThat(catalog.kind(1L)).isEqualTo("Long");
    assertThat(catalog.kind(1)).isEqualTo("Integer");
    assertThat(catalog.kind(null)).isEqualTo("null");
    assertThat(catalog.kind(null)).isEqualTo("null");
    assertThat(target.calls("kind")).isEqualTo(3);
  }

  @Test
  void nullResultIsCached() {
    for (int i = 0; i < 10; i++) {
      assertThat(catalog.maybe("x")).isNull();
    }
    assertThat(target.calls("maybe")).isEqualTo(1);
  }

  @Test
  void checkedExceptionReachesTheCallerAsDeclaredAndIsNotCached() throws IOException {
    IOException disk = new IOException("disk on fire");
    target.ioFailure = disk;
    assertThat(catchThrowable(() -> catalog.read("/etc/hosts"))).isSameAs(disk);
    assertThat(catalog.read("/etc/hosts")).isEqualTo("contents of /etc/hosts");
    assertThat(catalog.read("/etc/hosts")).isEqualTo("contents of /etc/hosts");
    assertThat(target.calls("read")).isEqualTo(2);
    MemoizedMethod read = Memoizer.method(catalog, "read", String.class);
    assertThat(read.stats().loadFailureCount()).isEqualTo(1);
    assertThat(read.stats().loadSuccessCount()).isEqualTo(1);
    assertThat(read.stats().hitCount()).isEqualTo(1);
  }

  @Test
  void runtimeExceptionOfAPassThroughMethodIsNotWrapped() {
    IllegalStateException closed = new IllegalStateException("closed");
    Catalog failing =
        Memoizer.proxy(
            Catalog.class,
            new CountingCatalog() {
              @Override
              public String live(int id) {
                throw closed;
              }
            });
    assertThat(catchThrowable(() -> failing.live(1))).isSameAs(closed);
  }

  @Test
  void defaultMethodsRunAsOnTheTargetAndAreNotMemoized() {
    // shout is not overridden: the interface's default runs with the target as this,
    // so its call to name(..) reaches the target directly each time.
    assertThat(catalog.shout(3)).isEqualTo("NAME3");
    assertThat(catalog.shout(3)).isEqualTo("NAME3");
    assertThat(target.calls("name")).isEqualTo(2);
    // greet is overridden by the target: the override runs, every time.
    assertThat(catalog.greet(3)).isEqualTo("hi 3");
    assertThat(catalog.greet(3)).isEqualTo("hi 3");
    assertThat(target.calls("greet")).isEqualTo(2);
  }

  @Test
  void objectMethodsBehaveNormallyAndAreNotMemoized() {
    Catalog other = Memoizer.proxy(Catalog.class, target);
    assertThat(catalog.equals(catalog)).isTrue();
    assertThat(catalog.equals(other)).isFalse();
    assertThat(catalog.equals(target)).isFalse();
    assertThat(catalog.equals(null)).isFalse();
    assertThat(catalog.hashCode()).isEqualTo(catalog.hashCode());
    assertThat(catalog.hashCode()).isEqualTo(System.identityHashCode(catalog));
    assertThat(catalog.toString()).isEqualTo("CountingCatalog");
    assertThat(catalog.toString()).isEqualTo("CountingCatalog");
    assertThat(target.calls("toString")).isEqualTo(2);
    assertThat(Map.of(catalog, 1, other, 2)).hasSize(2);
  }

  @Test
  void eachProxyHasItsOwnCaches() {
    Catalog other = Memoizer.proxy(Catalog.class, target);
    catalog.name(1);
    other.name(1);
    catalog.name(1);
    other.name(1);
    assertThat(target.calls("name")).isEqualTo(2);
  }

  // ----------------------------------------------------------------- capacity, TTL, handles

  interface Rates {
    @Memoized(policy = Policy.LRU, capacity = 2)
    String small(int key);

    @Memoized(policy = Policy.LRU_TTL, capacity = 512, ttl = "PT5M")
    String fiveMinutes(int key);

    @Memoized(policy = Policy.TTL, capacity = 512, ttl = "PT1M")
    String oneMinute(int key);

    @Memoized(policy = Policy.LFU, capacity = 2)
    String frequent(int key);
  }

  static final class CountingRates implements Rates {
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    int calls(String method) {
      AtomicInteger n = calls.get(method);
      return n == null ? 0 : n.get();
    }

    private String count(String method, int key) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
      return method + key;
    }

    @Override
    public String small(int key) {
      return count("small", key);
    }

    @Override
    public String fiveMinutes(int key) {
      return count("fiveMinutes", key);
    }

    @Override
    public String oneMinute(int key) {
      return count("oneMinute", key);
    }

    @Override
    public String frequent(int key) {
      return count("frequent", key);
    }
  }

  @Test
  void perMethodCapacity() {
    CountingRates target = new CountingRates();
    Rates rates = Memoizer.proxy(Rates.class, target, ticker);
    rates.small(1);
    rates.small(2);
    rates.small(1); // 2 is least recently used
    rates.small(3); // capacity 2: evicts 2
    rates.small(1);
    assertThat(target.calls("small")).isEqualTo(3);
    rates.small(2);
    assertThat(target.calls("small")).isEqualTo(4);
    assertThat(Memoizer.method(rates, "small", int.class).stats().evictionCount()).isEqualTo(2);

    // the same keys in a method of capacity 512 evict nothing
    for (int round = 0; round < 2; round++) {
      for (int k = 1; k <= 3; k++) {
        rates.fiveMinutes(k);
      }
    }
    assertThat(target.calls("fiveMinutes")).isEqualTo(3);
  }

  @Test
  void perMethodPolicyLfu() {
    CountingRates target = new CountingRates();
    Rates rates = Memoizer.proxy(Rates.class, target, ticker);
    rates.frequent(1);
    rates.frequent(1);
    rates.frequent(1); // key 1: frequency 3
    rates.frequent(2); // key 2: frequency 1
    rates.frequent(3); // full: evicts 2, the least frequent (an LRU would evict 1)
    rates.frequent(1);
    assertThat(target.calls("frequent")).isEqualTo(3);
    rates.frequent(2);
    assertThat(target.calls("frequent")).isEqualTo(4);
  }

  @Test
  void perMethodTtlWithInjectedTime() {
    CountingRates target = new CountingRates();
    Rates rates = Memoizer.proxy(Rates.class, target, ticker);
    rates.fiveMinutes(1);
    rates.oneMinute(1);

    ticker.advanceNanos(Duration.ofMinutes(1).toNanos() - 1);
    rates.fiveMinutes(1);
    rates.oneMinute(1);
    assertThat(target.calls("fiveMinutes")).isEqualTo(1);
    assertThat(target.calls("oneMinute")).isEqualTo(1);

    ticker.advanceNanos(1); // one minute: oneMinute expired, fiveMinutes not
    rates.fiveMinutes(1);
    rates.oneMinute(1);
    assertThat(target.calls("fiveMinutes")).isEqualTo(1);
    assertThat(target.calls("oneMinute")).isEqualTo(2);

    ticker.advance(Duration.ofMinutes(4)); // five minutes since the first call
    rates.fiveMinutes(1);
    assertThat(target.calls("fiveMinutes")).isEqualTo(2);
  }

  @Test
  void invalidationThroughTheHandle() {
    MemoizedMethod sum = Memoizer.method(catalog, "sum", int.class, int.class);
    catalog.sum(1, 2);
    catalog.sum(2, 1);
    catalog.sum(5, 5);
    assertThat(target.calls("sum")).isEqualTo(3);

    sum.invalidate(1, 2);
    catalog.sum(1, 2);
    catalog.sum(2, 1);
    catalog.sum(5, 5);
    assertThat(target.calls("sum")).isEqualTo(4);

    sum.invalidateAll();
    catalog.sum(1, 2);
    catalog.sum(2, 1);
    assertThat(target.calls("sum")).isEqualTo(6);

    // other methods keep their results
    catalog.name(1);
    Memoizer.method(catalog, "sum", int.class, int.class).invalidateAll();
    catalog.name(1);
    assertThat(target.calls("name")).isEqualTo(1);
  }

  @Test
  void invalidationMatchesArraysByContentAndNullArguments() {
    MemoizedMethod total = Memoizer.method(catalog, "total", int[].class);
    catalog.total(new int[] {4, 5});
    total.invalidate((Object) new int[] {4, 5});
    catalog.total(new int[] {4, 5});
    assertThat(target.calls("total")).isEqualTo(2);

    MemoizedMethod kind = Memoizer.method(catalog, "kind", Object.class);
    catalog.kind(null);
    kind.invalidate((Object) null);
    catalog.kind(null);
    assertThat(target.calls("kind")).isEqualTo(2);
  }

  @Test
  void statsThroughTheHandle() {
    MemoizedMethod name = Memoizer.method(catalog, "name", int.class);
    catalog.name(1);
    catalog.name(1);
    catalog.name(1);
    catalog.name(2);
    CacheStats stats = name.stats();
    assertThat(stats.hitCount()).isEqualTo(2);
    assertThat(stats.missCount()).isEqualTo(2);
    assertThat(stats.loadSuccessCount()).isEqualTo(2);
    assertThat(stats.loadFailureCount()).isZero();
    assertThat(name.method().getName()).isEqualTo("name");
    assertThat(name.toString()).contains("Catalog.name(int)").contains("LRU, capacity 64");
  }

  @Test
  void invalidateRejectsArgumentsThatDoNotFitTheMethod() {
    MemoizedMethod sum = Memoizer.method(catalog, "sum", int.class, int.class);
    assertThatThrownBy(() -> sum.invalidate(1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Catalog.sum(int, int) takes 2 argument(s), was given 1");
    assertThatThrownBy(() -> sum.invalidate(1, 2L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("argument 1 of")
        .hasMessageContaining("must be a java.lang.Integer, was java.lang.Long");
    assertThatThrownBy(() -> sum.invalidate(1, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was null");
  }

  @Test
  void handleLookupFailsClearly() {
    assertThatThrownBy(() -> Memoizer.method(catalog, "live", int.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no @Memoized method live(int)")
        .hasMessageContaining("Catalog.name(int)");
    assertThatThrownBy(() -> Memoizer.method(catalog, "name", long.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no @Memoized method name(long)");
    assertThatThrownBy(() -> Memoizer.method(target, "name", int.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a proxy made by Memoizer.proxy");
    Object plainProxy =
        java.lang.reflect.Proxy.newProxyInstance(
            Catalog.class.getClassLoader(), new Class<?>[] {Catalog.class}, (p, m, a) -> null);
    assertThatThrownBy(() -> Memoizer.method(plainProxy, "name", int.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not a proxy made by Memoizer.proxy");
  }

  // ----------------------------------------------------------------- inheritance

  interface Base {
    @Memoized(capacity = 8)
    String find(String key);
  }

  interface Extended extends Base {
    String plain(String key);
  }

  @Test
  void memoizedMethodsOfSuperinterfacesCount() {
    AtomicInteger finds = new AtomicInteger();
    AtomicInteger plains = new AtomicInteger();
    Extended target =
        new Extended() {
          @Override
          public String find(String key) {
            finds.incrementAndGet();
            return "f" + key;
          }

          @Override
          public String plain(String key) {
            plains.incrementAndGet();
            return "p" + key;
          }
        };
    Extended proxy = Memoizer.proxy(Extended.class, target);
    proxy.find("a");
    proxy.find("a");
    proxy.plain("a");
    proxy.plain("a");
    assertThat(finds).hasValue(1);
    assertThat(plains).hasValue(2);
    assertThat(Memoizer.method(proxy, "find", String.class).stats().hitCount()).isEqualTo(1);
  }
}
