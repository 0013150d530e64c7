package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.CacheBuilder;
import dev.purecache.CacheStats;
import dev.purecache.Policy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/** One near cache against a real redis-server: reads, writes, loads, codecs, invalidation. */
@ExtendWith(RedisServerExtension.class)
class NearCacheTest {
  static final Duration BOUND = Duration.ofSeconds(5);

  private final RedisServer redis;
  private final List<RedisNearCache<?, ?>> opened = new ArrayList<>();
  private String ns;

  NearCacheTest(RedisServer redis, TestInfo test) {
    this.redis = redis;
    this.ns = "t-" + test.getTestMethod().orElseThrow().getName();
  }

  @AfterEach
  void closeCaches() {
    opened.forEach(RedisNearCache::close);
  }

  private RedisNearCacheBuilder<String, String> builder() {
    return RedisNearCache.builder()
        .uri(redis.uri())
        .namespace(ns)
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(1_000))
        .recordStats();
  }

  private <K, V> RedisNearCache<K, V> open(RedisNearCacheBuilder<K, V> builder) {
    RedisNearCache<K, V> cache = builder.build();
    opened.add(cache);
    return cache;
  }

  /** Waits until the invalidations the cache received are applied to its local tier. */
  static void settle(RedisNearCache<?, ?> cache) {
    Await.until("invalidations applied", BOUND,
        () -> ((NearCache<?, ?>) cache).tracking().settled());
  }

  private static <K, V> boolean local(RedisNearCache<K, V> cache, K key) {
    return ((NearCache<K, V>) cache).localTier().containsKey(key);
  }

  @Test
  void aLocalMissReadsRedisOnceThenHitsLocally() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    redis.cli("SET", ns + ":k", "v1");
    Await.until("invalidation of the write", BOUND, () -> cache.nearStats().invalidations() == 1);
    settle(cache);

    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(local(cache, "k")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(cache.get("absent")).isNull();
    assertThat(local(cache, "absent")).isFalse();

    NearCacheStats stats = cache.nearStats();
    assertThat(stats.localHits()).isEqualTo(1);
    assertThat(stats.redisHits()).isEqualTo(1);
    assertThat(stats.redisMisses()).isEqualTo(1);
    assertThat(stats.loadSuccesses()).isZero();
    CacheStats core = cache.stats();
    assertThat(core.hitCount()).isEqualTo(2);
    assertThat(core.missCount()).isEqualTo(1);
  }

  @Test
  void aRedisMissRunsTheLoaderOnceWritesRedisWithItsTtlThenStoresLocally() throws Exception {
    RedisNearCache<String, String> cache = open(builder().redisTtl(Duration.ofSeconds(60)));
    AtomicInteger loads = new AtomicInteger();

    assertThat(cache.computeIfAbsent("k", k -> "loaded-" + loads.incrementAndGet()))
        .isEqualTo("loaded-1");
    assertThat(cache.computeIfAbsent("k", k -> "loaded-" + loads.incrementAndGet()))
        .isEqualTo("loaded-1");

    assertThat(loads).hasValue(1);
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("loaded-1");
    long pttl = Long.parseLong(redis.cli("PTTL", ns + ":k"));
    assertThat(pttl).isBetween(1L, 60_000L);
    assertThat(local(cache, "k")).isTrue();
    assertThat(cache.nearStats().loadSuccesses()).isEqualTo(1);
    assertThat(cache.nearStats().localHits()).isEqualTo(1);
  }

  @Test
  void aLoaderReturningNullStoresNothingAnywhere() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    assertThat(cache.computeIfAbsent("k", k -> null)).isNull();
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    assertThat(local(cache, "k")).isFalse();
  }

  @Test
  void putWritesRedisThenLocalAndRemoveDeletesBoth() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    cache.put("k", "v1");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("v1");
    assertThat(local(cache, "k")).isTrue();
    assertThat(cache.get("k")).isEqualTo("v1");
    assertThat(cache.containsKey("k")).isTrue();
    assertThat(cache.size()).isEqualTo(1);

    assertThat(cache.remove("k")).isEqualTo("v1");
    assertThat(redis.cli("EXISTS", ns + ":k")).isEqualTo("0");
    assertThat(local(cache, "k")).isFalse();
    assertThat(cache.remove("k")).isNull();
    assertThat(cache.containsKey("k")).isFalse();
  }

  @Test
  void anOutsideWriteInvalidatesTheLocalEntry() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    cache.put("k", "v1");
    redis.cli("SET", ns + ":k", "v2");

    Await.until("local entry invalidated", BOUND, () -> !local(cache, "k"));
    assertThat(cache.get("k")).isEqualTo("v2");
    assertThat(cache.nearStats().invalidations()).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anOutsideWriteDuringTheLoaderWinsAndTheLoadStoresNothingLocally() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    String value = cache.computeIfAbsent("k", k -> {
      try {
        redis.cli("SET", ns + ":k", "outside");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      Await.until("invalidation received", BOUND, () -> cache.nearStats().invalidations() == 1);
      return "loaded";
    });

    assertThat(value).isEqualTo("outside");
    assertThat(redis.cli("GET", ns + ":k")).isEqualTo("outside");
    assertThat(local(cache, "k")).isFalse();
    settle(cache);
    assertThat(cache.get("k")).isEqualTo("outside");
    assertThat(local(cache, "k")).isTrue();
  }

  /**
   * The race the stamp closes: the GET's reply (the old value) is in hand, and the invalidation
   * of a newer write arrives before the load stores it. The codec holds the load between the two.
   */
  @Test
  void anInvalidationCrossingTheGetReplyLeavesNothingStale() throws Exception {
    CountDownLatch decoding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Codec<String> holdingOld = new Codec<>() {
      @Override
      public byte[] encode(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
      }

      @Override
      public String decode(byte[] bytes) {
        String s = new String(bytes, StandardCharsets.UTF_8);
        if (s.equals("old")) {
          decoding.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return s;
      }
    };
    RedisNearCache<String, String> cache = open(builder().valueCodec(holdingOld));
    redis.cli("SET", ns + ":k", "old");

    Thread reader = Thread.ofVirtual().start(() -> assertThat(cache.get("k")).isEqualTo("old"));
    decoding.await();
    redis.cli("SET", ns + ":k", "new");
    Await.until("invalidation received", BOUND, () -> cache.nearStats().invalidations() >= 1);
    release.countDown();
    reader.join();

    Await.until("no stale local entry", BOUND, () -> !local(cache, "k"));
    assertThat(cache.get("k")).isEqualTo("new");
  }

  @Test
  void aFlushClearsTheLocalTier() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    cache.put("a", "1");
    cache.put("b", "2");
    redis.cli("FLUSHALL");

    Await.until("local tier cleared", BOUND, () -> cache.size() == 0);
    assertThat(cache.nearStats().flushes()).isEqualTo(1);
    assertThat(cache.get("a")).isNull();
  }

  @Test
  void getAllLoadsTheMissingKeysAndKeepsTheOrder() throws Exception {
    RedisNearCache<String, String> cache = open(builder());
    cache.put("b", "B");
    redis.cli("SET", ns + ":c", "C");
    Map<String, String> all = cache.getAll(List.of("a", "b", "c", "d"),
        k -> k.equals("d") ? null : k.toUpperCase());
    assertThat(all).containsExactly(Map.entry("a", "A"), Map.entry("b", "B"), Map.entry("c", "C"));
    assertThat(redis.cli("GET", ns + ":a")).isEqualTo("A");
  }

  @Test
  void anyLocalPolicyWorks() throws Exception {
    for (Policy policy : Policy.values()) {
      CacheBuilder<Object, Object> local = CacheBuilder.newBuilder().policy(policy).capacity(10);
      if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
        local.ttl(Duration.ofMinutes(1));
      }
      ns = "t-policy-" + policy;
      RedisNearCache<String, String> cache = open(builder().local(local));
      cache.put("k", policy.name());
      assertThat(cache.get("k")).isEqualTo(policy.name());
      assertThat(local(cache, "k")).isTrue();
    }
  }

  @Test
  void aClosedCacheRefusesOperations() {
    RedisNearCache<String, String> cache = builder().build();
    cache.put("k", "v");
    cache.close();
    cache.close();
    assertThat(cache.isTracking()).isFalse();
    assertThatThrownBy(() -> cache.get("k")).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> cache.put("k", "v")).isInstanceOf(IllegalStateException.class);
  }
}
