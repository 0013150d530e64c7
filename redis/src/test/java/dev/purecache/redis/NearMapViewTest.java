package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.CacheBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The near cache's {@code asMap()} view against a real redis-server; two caches with their own
 * connections stand for two JVMs.
 */
@ExtendWith(RedisServerExtension.class)
class NearMapViewTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final RedisServer redis;
  private final String ns;
  private final List<RedisNearCache<?, ?>> opened = new ArrayList<>();

  NearMapViewTest(RedisServer redis, TestInfo test) {
    this.redis = redis;
    this.ns = "map-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(RedisNearCache::close);
  }

  private RedisNearCache<String, String> open() {
    RedisNearCache<String, String> cache = RedisNearCache.builder()
        .uri(redis.uri())
        .namespace(ns)
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(1_000))
        .recordStats()
        .build();
    opened.add(cache);
    return cache;
  }

  private static boolean local(RedisNearCache<String, String> cache, String key) {
    return ((NearCache<String, String>) cache).localTier().containsKey(key);
  }

  /** Waits until {@code cache} reads {@code value} for {@code key} (its local copy dropped). */
  private static void awaitValue(RedisNearCache<String, String> cache, String key, String value) {
    Await.until(key + " = " + value + " in " + cache, BOUND, () -> {
      String now = cache.get(key);
      return value == null ? now == null : value.equals(now);
    });
  }

  @Test
  void aPutThroughOneViewInvalidatesTheOtherInstanceAndReturnsThePreviousValue()
      throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    ConcurrentMap<String, String> mapA = a.asMap();
    assertThat(a.asMap()).isSameAs(mapA);

    assertThat(mapA.put("k", "v1")).isNull();
    awaitValue(b, "k", "v1");
    NearCacheTest.settle(b);
    assertThat(b.get("k")).isEqualTo("v1");
    assertThat(local(b, "k")).isTrue();

    assertThat(mapA.put("k", "v2")).isEqualTo("v1");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v2");
    assertThat(local(a, "k")).as("A's own write is kept locally").isTrue();
    Await.until("B's local copy dropped", BOUND, () -> !local(b, "k"));
    assertThat(b.asMap().get("k")).isEqualTo("v2");

    assertThat(b.asMap().remove("k")).isEqualTo("v2");
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    awaitValue(a, "k", null);
    assertThat(mapA.containsKey("k")).isFalse();
  }

  @Test
  void putIfAbsentAndReplaceAreDecidedByRedisAcrossInstances() throws Exception {
    ConcurrentMap<String, String> a = open().asMap();
    RedisNearCache<String, String> cacheB = open();
    ConcurrentMap<String, String> b = cacheB.asMap();

    assertThat(b.replace("k", "none")).as("replace of an absent key").isNull();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    assertThat(a.putIfAbsent("k", "from-a")).isNull();
    assertThat(b.putIfAbsent("k", "from-b")).isEqualTo("from-a");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("from-a");
    assertThat(local(cacheB, "k")).isFalse();

    assertThat(b.replace("k", "replaced-by-b")).isEqualTo("from-a");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("replaced-by-b");
    assertThat(a.get("k")).as("A's local tier").isIn("from-a", "replaced-by-b");
    Await.until("A invalidated", BOUND, () -> "replaced-by-b".equals(a.get("k")));
  }

  @Test
  void conditionalReplaceAndRemoveCompareTheValueInRedis() throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    a.put("k", "v1");
    awaitValue(b, "k", "v1");

    assertThat(b.asMap().replace("k", "wrong", "v2")).isFalse();
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v1");
    assertThat(b.asMap().replace("k", "v1", "v2")).isTrue();
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v2");
    awaitValue(a, "k", "v2");
    awaitValue(b, "k", "v2");

    assertThat(a.asMap().remove("k", "v1")).isFalse();
    assertThat(a.asMap().remove("k", null)).isFalse();
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v2");
    assertThat(a.asMap().remove("k", "v2")).isTrue();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    assertThat(local(a, "k")).isFalse();
    awaitValue(b, "k", null);
    assertThat(a.asMap().replace("k", "v2", "v3")).as("absent key").isFalse();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
  }

  /**
   * Two instances, four virtual threads each, 50 merges per thread adding 1 to a counter: every
   * increment must count (400), as merge is a compare-and-set in Redis retried on a conflict.
   */
  @Test
  void mergeThroughTwoInstancesIsAtomicAcrossThem() throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    AtomicInteger calls = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++) {
        ConcurrentMap<String, String> map = (t % 2 == 0 ? a : b).asMap();
        threads.submit(() -> {
          go.await();
          for (int i = 0; i < 50; i++) {
            map.merge("counter", "1", (old, one) -> {
              calls.incrementAndGet();
              return Integer.toString(Integer.parseInt(old) + Integer.parseInt(one));
            });
          }
          return null;
        });
      }
      go.countDown();
    }
    assertThat(redis.cli("GET", ns + ":counter")).isEqualTo("400");
    awaitValue(a, "counter", "400");
    awaitValue(b, "counter", "400");
    System.out.printf("merge: 400 increments through two instances ran the function %d times%n",
        calls.get());
  }

  @Test
  void computeAndComputeIfPresentReadRedisAndWriteTheResult() throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    ConcurrentMap<String, String> map = a.asMap();

    assertThat(map.computeIfPresent("k", (k, v) -> "never")).isNull();
    assertThat(map.compute("k", (k, v) -> v == null ? "first" : v + "!")).isEqualTo("first");
    awaitValue(b, "k", "first");
    assertThat(b.asMap().compute("k", (k, v) -> v + "!")).isEqualTo("first!");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("first!");
    awaitValue(a, "k", "first!");
    assertThat(map.computeIfPresent("k", (k, v) -> null)).isNull();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    awaitValue(b, "k", null);
    assertThat(map.compute("k", (k, v) -> null)).isNull();
    assertThat(map.merge("k", "m", (x, y) -> x + y)).isEqualTo("m");
    assertThat(map.merge("k", "m", (x, y) -> null)).isNull();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");

    RuntimeException failure = new IllegalStateException("function failed");
    assertThatThrownBy(() -> map.compute("k", (k, v) -> {
      throw failure;
    })).isSameAs(failure);
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
  }

  @Test
  void computeIfAbsentIsTheNearCachesLoad() throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    assertThat(a.asMap().computeIfAbsent("k", k -> "loaded-by-a")).isEqualTo("loaded-by-a");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("loaded-by-a");
    assertThat(b.asMap().computeIfAbsent("k", k -> "loaded-by-b")).isEqualTo("loaded-by-a");
    assertThat(a.asMap().computeIfAbsent("none", k -> null)).isNull();
    assertThat(redis.cli("EXISTS", ns + ":none")).isEqualTo("0");
  }

  @Test
  void sizeAndIterationSeeTheLocalTierAndWritesGoThroughTheNearCache() throws Exception {
    RedisNearCache<String, String> a = open();
    RedisNearCache<String, String> b = open();
    ConcurrentMap<String, String> map = a.asMap();
    map.put("x", "1");
    map.put("y", "2");
    b.put("only-in-redis", "3");
    awaitValue(a, "only-in-redis", "3");
    a.clear(); // local tier only
    assertThat(map.isEmpty()).isTrue();
    assertThat(map.get("x")).isEqualTo("1");
    assertThat(map.get("y")).isEqualTo("2");
    assertThat(map.containsKey("only-in-redis")).as("Redis is asked on a local miss").isTrue();

    assertThat(map).hasSize(2);
    assertThat(map.keySet()).containsExactlyInAnyOrder("x", "y");
    assertThat(map.values()).containsExactlyInAnyOrder("1", "2");
    assertThat(map.containsValue("3")).isFalse();

    for (Map.Entry<String, String> entry : map.entrySet()) {
      if (entry.getKey().equals("x")) {
        assertThat(entry.setValue("1b")).isEqualTo("1");
      }
    }
    assertThat(redis.cli("GET", ns + ":x")).isEqualTo("1b");
    awaitValue(b, "x", "1b");
    for (Iterator<String> keys = map.keySet().iterator(); keys.hasNext(); ) {
      if (keys.next().equals("y")) {
        keys.remove();
      }
    }
    assertThat(redis.cli("EXISTS", ns + ":y")).isEqualTo("0");
    assertThat(map.keySet()).containsExactly("x");
    assertThat(map.get("y")).isNull();

    map.clear();
    assertThat(map).isEmpty();
    assertThat(map.get("x")).as("clear leaves Redis as it is").isEqualTo("1b");
  }

  @Test
  void nullsAreRefused() {
    ConcurrentMap<String, String> map = open().asMap();
    assertThatThrownBy(() -> map.put(null, "v")).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> map.put("k", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("value");
    assertThatThrownBy(() -> map.get(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.putIfAbsent("k", null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.replace("k", null, "v")).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> map.compute("k", null)).isInstanceOf(NullPointerException.class);
    assertThat(map.remove("k", null)).isFalse();
  }
}
