package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheLoader;
import dev.purecache.LoadingCache;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loading near cache ({@code build(CacheLoader)}) against a real redis-server; two caches
 * with their own connections stand for two JVMs.
 */
@ExtendWith(RedisServerExtension.class)
class NearLoadingCacheTest {
  private static final Duration BOUND = Duration.ofSeconds(5);

  private final RedisServer redis;
  private final String ns;
  private final List<RedisNearCache<?, ?>> opened = new ArrayList<>();

  NearLoadingCacheTest(RedisServer redis, TestInfo test) {
    this.redis = redis;
    this.ns = "load-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(RedisNearCache::close);
  }

  private RedisNearLoadingCache<String, String> open(CacheLoader<String, String> loader) {
    return open(builder(), loader);
  }

  private RedisNearCacheBuilder<String, String> builder() {
    return RedisNearCache.builder()
        .uri(redis.uri())
        .namespace(ns)
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(1_000))
        .redisTtl(Duration.ofMinutes(10))
        .recordStats();
  }

  private RedisNearLoadingCache<String, String> open(
      RedisNearCacheBuilder<String, String> builder, CacheLoader<String, String> loader) {
    RedisNearLoadingCache<String, String> cache = builder.build(loader);
    opened.add(cache);
    return cache;
  }

  private static boolean local(RedisNearCache<String, String> cache, String key) {
    return ((NearLoadingCache<String, String>) cache).near().localTier().containsKey(key);
  }

  private static void settle(RedisNearLoadingCache<String, String> cache) {
    NearCacheTest.settle(((NearLoadingCache<String, String>) cache).near());
  }

  private long mgetCalls() throws Exception {
    for (String line : redis.cli("INFO", "commandstats").split("\n")) {
      if (line.startsWith("cmdstat_mget:calls=")) {
        return Long.parseLong(line.substring("cmdstat_mget:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  /** Writes keys from outside and waits until the cache has applied their invalidations. */
  private void outsideWrites(RedisNearLoadingCache<String, String> cache, String... keyValues)
      throws Exception {
    long before = cache.nearStats().invalidations();
    for (int i = 0; i < keyValues.length; i += 2) {
      redis.cli("SET", ns + ":" + keyValues[i], keyValues[i + 1]);
    }
    Await.until("invalidations received", BOUND,
        () -> cache.nearStats().invalidations() == before + keyValues.length / 2);
    settle(cache);
  }

  @Test
  void theBuilderYieldsALoadingCache() {
    LoadingCache<String, String> cache = open(key -> "v-" + key);
    assertThat(cache.get("a")).isEqualTo("v-a");
    assertThat(cache.asMap().get("b")).as("the map view's get never loads").isNull();
  }

  @Test
  void getRunsTheLoaderOnlyOnARedisMissThenWritesRedisAndStoresLocally() throws Exception {
    AtomicInteger loads = new AtomicInteger();
    RedisNearLoadingCache<String, String> cache = open(key -> {
      loads.incrementAndGet();
      return "loaded-" + key;
    });
    outsideWrites(cache, "present", "in-redis");

    assertThat(cache.get("present")).isEqualTo("in-redis");
    assertThat(loads).hasValue(0);
    assertThat(cache.get("absent")).isEqualTo("loaded-absent");
    assertThat(loads).hasValue(1);
    assertThat(redis.cli("GET", ns + ":absent")).isEqualTo("loaded-absent");
    assertThat(Long.parseLong(redis.cli("PTTL", ns + ":absent"))).isPositive();
    assertThat(local(cache, "present")).isTrue();
    assertThat(local(cache, "absent")).isTrue();
    assertThat(cache.get("absent")).isEqualTo("loaded-absent");
    assertThat(loads).hasValue(1);

    NearCacheStats stats = cache.nearStats();
    assertThat(stats.localHits()).isEqualTo(1);
    assertThat(stats.redisHits()).isEqualTo(1);
    assertThat(stats.redisMisses()).isEqualTo(1);
    assertThat(stats.loadSuccesses()).isEqualTo(1);
  }

  @Test
  void getAllReadsTheMissingKeysWithOneMgetAndLoadsOnlyWhatRedisLacksInOneLoadAll()
      throws Exception {
    List<Set<String>> loadAllCalls = new ArrayList<>();
    RedisNearLoadingCache<String, String> cache = open(new CacheLoader<>() {
      @Override
      public String load(String key) {
        throw new AssertionError("load(" + key + ") while loadAll is overridden");
      }

      @Override
      public Map<String, String> loadAll(Set<? extends String> keys) {
        loadAllCalls.add(Set.copyOf(keys));
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
          if (!key.equals("none")) {
            values.put(key, key.toUpperCase());
          }
        }
        values.put("other", "ignored");
        return values;
      }
    });
    outsideWrites(cache, "b", "from-redis");
    cache.put("a", "local");
    long mgets = mgetCalls();

    Map<String, String> result = cache.getAll(List.of("a", "b", "c", "none", "d", "c"));

    assertThat(result).containsExactly(
        Map.entry("a", "local"), Map.entry("b", "from-redis"), Map.entry("c", "C"),
        Map.entry("d", "D"));
    assertThat(loadAllCalls).containsExactly(Set.of("c", "none", "d"));
    assertThat(mgetCalls() - mgets).isEqualTo(1);
    assertThat(redis.cli("GET", ns + ":c")).isEqualTo("C");
    assertThat(redis.cli("GET", ns + ":d")).isEqualTo("D");
    assertThat(redis.cli("EXISTS", ns + ":none")).isEqualTo("0");
    assertThat(redis.cli("EXISTS", ns + ":other")).isEqualTo("0");
    assertThat(local(cache, "b")).isTrue();
    assertThat(local(cache, "c")).isTrue();
    assertThat(local(cache, "none")).isFalse();

    assertThat(cache.getAll(List.of("c", "d", "b"))).containsExactly(
        Map.entry("c", "C"), Map.entry("d", "D"), Map.entry("b", "from-redis"));
    assertThat(loadAllCalls).hasSize(1);
    assertThat(mgetCalls() - mgets).as("all local hits: no MGET").isEqualTo(1);
  }

  /**
   * 200 virtual threads, released at once, on one instance: half call getAll of three
   * overlapping keys out of 40, half get of one; the loader takes 20 ms. Keys k0 to k4 are in
   * Redis beforehand. Every other key must be loaded exactly once in the JVM, none of k0 to k4
   * at all, and every caller must get what Redis holds.
   */
  @Test
  void getAndGetAllAreSingleFlightPerKeyAcrossTheJvm() throws Exception {
    Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    RedisNearLoadingCache<String, String> cache = open(countingBulkLoader(loads, "A"));
    outsideWrites(cache, "k0", "pre0", "k1", "pre1", "k2", "pre2", "k3", "pre3", "k4", "pre4");

    Map<String, String> seen = stampede(List.of(cache), 200, 40);

    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      String inRedis = redis.cli("GET", ns + ":" + key);
      assertThat(seen.get(key)).as(key).isEqualTo(inRedis);
      if (i < 5) {
        assertThat(loads).as(key).doesNotContainKey(key);
        assertThat(inRedis).isEqualTo("pre" + i);
      } else {
        assertThat(loads.get(key)).as(key).hasValue(1);
      }
    }
  }

  /** The same stampede through two instances: each key is loaded at most once per instance. */
  @Test
  void twoInstancesLoadEachKeyAtMostOnceEach() throws Exception {
    Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    RedisNearLoadingCache<String, String> a = open(countingBulkLoader(loads, "A"));
    RedisNearLoadingCache<String, String> b = open(countingBulkLoader(loads, "B"));

    Map<String, String> seen = stampede(List.of(a, b), 200, 40);

    assertThat(loads).hasSize(40);
    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      assertThat(loads.get(key)).as(key).hasValueBetween(1, 2);
      assertThat(seen.get(key)).as(key).isEqualTo(redis.cli("GET", ns + ":" + key));
    }
  }

  /** With distributed loads, the same stampede through two instances loads each key once. */
  @Test
  void withDistributedLoadsTwoInstancesLoadEachKeyExactlyOnce() throws Exception {
    Map<String, AtomicInteger> loads = new ConcurrentHashMap<>();
    RedisNearLoadingCache<String, String> a =
        open(builder().distributedLoads(Duration.ofSeconds(5)), countingBulkLoader(loads, "A"));
    RedisNearLoadingCache<String, String> b =
        open(builder().distributedLoads(Duration.ofSeconds(5)), countingBulkLoader(loads, "B"));

    Map<String, String> seen = stampede(List.of(a, b), 200, 40);

    assertThat(loads).hasSize(40);
    for (int i = 0; i < 40; i++) {
      String key = "k" + i;
      assertThat(loads.get(key)).as(key).hasValue(1);
      assertThat(seen.get(key)).as(key).isEqualTo(redis.cli("GET", ns + ":" + key));
    }
  }

  private static CacheLoader<String, String> countingBulkLoader(
      Map<String, AtomicInteger> loads, String instance) {
    return new CacheLoader<>() {
      @Override
      public String load(String key) throws InterruptedException {
        loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        Thread.sleep(20);
        return key + "@" + instance;
      }

      @Override
      public Map<String, String> loadAll(Set<? extends String> keys) throws InterruptedException {
        Map<String, String> values = new HashMap<>();
        for (String key : keys) {
          loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
          values.put(key, key + "@" + instance);
        }
        Thread.sleep(20);
        return values;
      }
    };
  }

  /**
   * Runs {@code threads} virtual threads over the caches (thread i uses cache i % n): even
   * threads call getAll of keys i, i + 1 and i + 7 (mod {@code keys}), odd ones get of key i.
   * Asserts that all callers of a key got one value, and returns it by key.
   */
  private static Map<String, String> stampede(
      List<RedisNearLoadingCache<String, String>> caches, int threads, int keys)
      throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Map<String, String>>> results = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < threads; i++) {
        RedisNearLoadingCache<String, String> cache = caches.get(i % caches.size());
        int n = i;
        results.add(pool.submit(() -> {
          go.await();
          if (n % 2 == 0) {
            return cache.getAll(
                List.of("k" + n % keys, "k" + (n + 1) % keys, "k" + (n + 7) % keys));
          }
          return Map.of("k" + n % keys, cache.get("k" + n % keys));
        }));
      }
      go.countDown();
    }
    Map<String, String> seen = new HashMap<>();
    for (Future<Map<String, String>> result : results) {
      result.get().forEach((key, value) -> {
        String before = seen.putIfAbsent(key, value);
        assertThat(before == null || before.equals(value)).as("one value for " + key).isTrue();
      });
    }
    assertThat(seen).hasSize(keys);
    return seen;
  }

  @Test
  void aLoadersRuntimeExceptionReachesTheCallerUnchangedAndNothingIsStored() throws Exception {
    IllegalStateException failure = new IllegalStateException("no such product");
    RedisNearLoadingCache<String, String> cache = open(new CacheLoader<>() {
      @Override
      public String load(String key) {
        throw failure;
      }

      @Override
      public Map<String, String> loadAll(Set<? extends String> keys) {
        throw failure;
      }
    });

    assertThatThrownBy(() -> cache.get("k")).isSameAs(failure);
    assertThatThrownBy(() -> cache.getAll(List.of("k", "j"))).isSameAs(failure);
    assertThat(redis.cli("EXISTS", ns + ":k", ns + ":j")).isEqualTo("0");
    assertThat(local(cache, "k")).isFalse();
    assertThat(cache.nearStats().loadFailures()).isEqualTo(2);
  }

  @Test
  void aLoadersCheckedExceptionIsWrappedInCacheLoadException() throws Exception {
    IOException failure = new IOException("database down");
    RedisNearLoadingCache<String, String> cache = open(new CacheLoader<>() {
      @Override
      public String load(String key) throws IOException {
        throw failure;
      }

      @Override
      public Map<String, String> loadAll(Set<? extends String> keys) throws IOException {
        throw failure;
      }
    });

    assertThatThrownBy(() -> cache.get("k"))
        .isInstanceOf(CacheLoadException.class).hasCause(failure).hasMessageContaining("k");
    assertThatThrownBy(() -> cache.getAll(List.of("k", "j")))
        .isInstanceOf(CacheLoadException.class).hasCause(failure);
    assertThat(redis.cli("EXISTS", ns + ":k", ns + ":j")).isEqualTo("0");
    assertThat(local(cache, "k")).isFalse();
  }

  /** A value codec refusing values over 8 bytes, and failing to decode the text "poison". */
  private static final Codec<String> STRICT = new Codec<>() {
    @Override
    public byte[] encode(String s) {
      if (s.length() > 8) {
        throw new IllegalArgumentException("value too big: " + s.length() + " bytes > 8");
      }
      return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String decode(byte[] bytes) {
      String s = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
      if (s.equals("poison")) {
        throw new IllegalStateException("cannot decode " + s);
      }
      return s;
    }
  };

  @Test
  void aCodecFailureInGetAllWritesNothingToEitherTier() throws Exception {
    RedisNearLoadingCache<String, String> cache = open(builder().valueCodec(STRICT),
        new CacheLoader<>() {
          @Override
          public String load(String key) {
            return key.equals("big") ? "far too big" : "ok";
          }

          @Override
          public Map<String, String> loadAll(Set<? extends String> keys) {
            Map<String, String> values = new HashMap<>();
            keys.forEach(key -> values.put(key, load(key)));
            return values;
          }
        });

    assertThatThrownBy(() -> cache.getAll(List.of("a", "big", "c")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too big");
    assertThat(redis.cli("EXISTS", ns + ":a", ns + ":big", ns + ":c")).isEqualTo("0");
    assertThat(cache.size()).isZero();

    outsideWrites(cache, "p", "poison");
    assertThatThrownBy(() -> cache.getAll(List.of("a", "p")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot decode");
    assertThat(redis.cli("EXISTS", ns + ":a")).isEqualTo("0");
    assertThat(cache.size()).isZero();
    assertThat(cache.getAll(List.of("a", "c"))).containsExactly(
        Map.entry("a", "ok"), Map.entry("c", "ok"));
  }

  /**
   * Redis paused (SIGSTOP) until the health check marks tracking lost: with {@code
   * serveLocalFor}, getAll answers keys held locally without Redis, fails on a key that needs
   * Redis, and after the grace fails for all; once Redis is back, getAll works and stores again.
   */
  @Test
  void whileTrackingIsLostGetAllFollowsTheDisconnectPolicy() throws Exception {
    ManualTicker ticker = new ManualTicker();
    AtomicInteger loads = new AtomicInteger();
    RedisNearLoadingCache<String, String> cache = open(builder()
        .disconnectPolicy(DisconnectPolicy.serveLocalFor(Duration.ofSeconds(10)))
        .ticker(ticker)
        .commandTimeout(Duration.ofMillis(300))
        .healthCheck(Duration.ofMillis(200)), key -> {
          loads.incrementAndGet();
          return "v-" + key;
        });
    assertThat(cache.getAll(List.of("a", "b"))).hasSize(2);
    redis.pause();
    try {
      Await.until("tracking lost", BOUND, () -> !cache.isTracking());
      assertThat(cache.getAll(List.of("a", "b"))).containsExactly(
          Map.entry("a", "v-a"), Map.entry("b", "v-b"));
      assertThatThrownBy(() -> cache.getAll(List.of("a", "z")))
          .isInstanceOf(RedisCacheException.class);
      ticker.advance(Duration.ofSeconds(11));
      assertThatThrownBy(() -> cache.getAll(List.of("a")))
          .isInstanceOf(RedisCacheException.class);
    } finally {
      redis.resume();
    }
    Await.until("tracking re-established", BOUND, cache::isTracking);
    assertThat(cache.getAll(List.of("a", "z"))).containsExactly(
        Map.entry("a", "v-a"), Map.entry("z", "v-z"));
    assertThat(loads).as("a came from Redis").hasValue(3);
    assertThat(local(cache, "a") && local(cache, "z")).isTrue();
  }

  @Test
  void aLoaderReturningNullStoresNothing() throws Exception {
    RedisNearLoadingCache<String, String> cache = open(key -> null);
    assertThat(cache.get("k")).isNull();
    assertThat(cache.getAll(List.of("k", "j"))).isEmpty();
    assertThat(redis.cli("EXISTS", ns + ":k", ns + ":j")).isEqualTo("0");
    assertThat(cache.size()).isZero();
  }

  /**
   * While loadAll runs, a program outside writes one of its keys: that value wins in Redis and
   * in the result, and since the key was invalidated during the bulk load, the load stores none
   * of its keys locally. A later getAll finds them all in Redis.
   */
  @Test
  void anOutsideWriteDuringABulkLoadWinsAndTheLoadStoresNothingLocally() throws Exception {
    AtomicInteger loadAlls = new AtomicInteger();
    RedisNearLoadingCache<String, String> cache = open(new CacheLoader<>() {
      @Override
      public String load(String key) {
        return "loaded-" + key;
      }

      @Override
      public Map<String, String> loadAll(Set<? extends String> keys) throws Exception {
        if (loadAlls.incrementAndGet() == 1) {
          redis.cli("SET", ns + ":b", "outside");
        }
        Map<String, String> values = new HashMap<>();
        keys.forEach(key -> values.put(key, "loaded-" + key));
        return values;
      }
    });

    assertThat(cache.getAll(List.of("a", "b", "c"))).containsExactly(
        Map.entry("a", "loaded-a"), Map.entry("b", "outside"), Map.entry("c", "loaded-c"));
    assertThat(redis.cli("GET", ns + ":b")).isEqualTo("outside");
    assertThat(local(cache, "a") || local(cache, "b") || local(cache, "c")).isFalse();
    settle(cache);

    assertThat(cache.getAll(List.of("a", "b", "c"))).containsExactly(
        Map.entry("a", "loaded-a"), Map.entry("b", "outside"), Map.entry("c", "loaded-c"));
    assertThat(loadAlls).hasValue(1);
    assertThat(local(cache, "a") && local(cache, "b") && local(cache, "c")).isTrue();
  }

  @Test
  void refreshReloadsFromTheValueInRedisAndWritesBothTiers() throws Exception {
    RedisNearLoadingCache<String, String> a = open(new CacheLoader<>() {
      @Override
      public String load(String key) {
        return "new-" + key;
      }

      @Override
      public String reload(String key, String oldValue) {
        return oldValue + "+";
      }
    });
    RedisNearLoadingCache<String, String> b = open(key -> "from-b");
    outsideWrites(a, "k", "v");
    assertThat(b.get("k")).isEqualTo("v");

    a.refresh("k");
    Await.until("the refresh written", BOUND, () -> "v+".equals(a.get("k")));
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v+");
    settle(a); // the script's write may come back to A as an invalidation (see the README)
    assertThat(a.get("k")).isEqualTo("v+");
    Await.until("B invalidated", BOUND, () -> "v+".equals(b.get("k")));

    a.refresh("absent");
    Await.until("the load written", BOUND, () -> "new-absent".equals(b.asMap().get("absent")));
  }

  @Test
  void aWriteDuringARefreshWinsAndTheRefreshStoresNothing() throws Exception {
    CountDownLatch reloading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger reloads = new AtomicInteger();
    RedisNearLoadingCache<String, String> a = open(new CacheLoader<>() {
      @Override
      public String load(String key) {
        return "loaded";
      }

      @Override
      public String reload(String key, String oldValue) throws InterruptedException {
        reloads.incrementAndGet();
        reloading.countDown();
        release.await();
        return "refreshed";
      }
    });
    RedisNearLoadingCache<String, String> b = open(key -> "from-b");
    assertThat(a.get("k")).isEqualTo("loaded");

    a.refresh("k");
    reloading.await();
    a.refresh("k"); // one refresh of a key at a time: this one does nothing
    b.put("k", "written-by-b");
    release.countDown();

    Await.until("the refresh finished", BOUND,
        () -> a.nearStats().loadSuccesses() == 2);
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("written-by-b");
    Await.until("A invalidated", BOUND, () -> "written-by-b".equals(a.get("k")));
    assertThat(reloads).hasValue(1);
  }

  @Test
  void badInputIsRefused() {
    RedisNearLoadingCache<String, String> cache = open(key -> key);
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> cache.getAll(java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
    assertThatThrownBy(() -> cache.refresh(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedisNearCache.builder().uri(redis.uri()).namespace(ns)
        .keyCodec(Codec.utf8()).valueCodec(Codec.utf8()).build(null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("loader");
    cache.close();
    assertThatThrownBy(() -> cache.get("a")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cache.getAll(List.of("a"))).isInstanceOf(IllegalStateException.class);
  }
}
