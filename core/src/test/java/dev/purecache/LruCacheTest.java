package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.RemovalRecorder.Removal;
import java.util.List;
import org.junit.jupiter.api.Test;

class LruCacheTest {
  private final RemovalRecorder<String, Integer> recorder = new RemovalRecorder<>();

  private Cache<String, Integer> lru(int capacity) {
    return CacheBuilder.newBuilder().policy(Policy.LRU).capacity(capacity).removalListener(recorder).build();
  }

  @Test
  void designExampleEvictsLeastRecentlyUsed() {
    Cache<String, Integer> cache = lru(3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3);
    assertThat(cache.get("a")).isEqualTo(1);
    cache.put("d", 4);
    assertThat(recorder.drain()).containsExactly(new Removal<>("b", 2, RemovalCause.SIZE));
    assertThat(cache.get("b")).isNull();
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("c")).isEqualTo(3);
    assertThat(cache.get("d")).isEqualTo(4);
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void missChangesNothing() {
    Cache<String, Integer> cache = lru(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.get("zzz")).isNull();
    cache.put("c", 3);
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly("a");
  }

  @Test
  void overwriteReplacesRefreshesAndEvictsNothing() {
    Cache<String, Integer> cache = lru(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("a", 10);
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.REPLACED));
    assertThat(cache.size()).isEqualTo(2);
    cache.put("c", 3);
    assertThat(recorder.drain()).containsExactly(new Removal<>("b", 2, RemovalCause.SIZE));
    assertThat(cache.get("a")).isEqualTo(10);
  }

  @Test
  void containsKeyDoesNotTouchOrder() {
    Cache<String, Integer> cache = lru(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.containsKey("a")).isTrue();
    assertThat(cache.containsKey("x")).isFalse();
    cache.put("c", 3);
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly("a");
  }

  @Test
  void removeReturnsPreviousValueAndReportsExplicit() {
    Cache<String, Integer> cache = lru(3);
    cache.put("a", 1);
    assertThat(cache.remove("a")).isEqualTo(1);
    assertThat(cache.remove("a")).isNull();
    assertThat(cache.get("a")).isNull();
    assertThat(cache.size()).isZero();
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.EXPLICIT));
  }

  @Test
  void removedKeyFreesItsSlot() {
    Cache<String, Integer> cache = lru(2);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.remove("a");
    cache.put("c", 3);
    assertThat(recorder.keys(RemovalCause.SIZE)).isEmpty();
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void clearRemovesEverythingOnceEach() {
    Cache<String, Integer> cache = lru(3);
    cache.put("a", 1);
    cache.put("b", 2);
    cache.clear();
    assertThat(cache.size()).isZero();
    assertThat(cache.get("a")).isNull();
    assertThat(recorder.drain())
        .containsExactlyInAnyOrder(
            new Removal<>("a", 1, RemovalCause.EXPLICIT),
            new Removal<>("b", 2, RemovalCause.EXPLICIT));
    cache.put("c", 3);
    assertThat(cache.get("c")).isEqualTo(3);
  }

  @Test
  void capacityOneKeepsOnlyTheNewest() {
    Cache<String, Integer> cache = lru(1);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.get("a")).isNull();
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", 1, RemovalCause.SIZE));
  }

  @Test
  void computeIfAbsentHitCountsAsUse() {
    Cache<String, Integer> cache = lru(2);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThat(cache.computeIfAbsent("a", k -> 99)).isEqualTo(1);
    cache.put("c", 3);
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly("b");
  }

  @Test
  void smallCachesAreOneStripeAndExact() {
    assertThat(new LruCache<String, String>(1024).info().stripes()).isEqualTo(1);
    assertThat(new LruCache<String, String>(32).toString())
        .isEqualTo("LruCache[policy=LRU, capacity=32, stripes=1, engine=virtual-threads]");
    LruCache<Integer, Integer> large = new LruCache<>(100_000);
    assertThat(large.info().stripes()).isEqualTo(256);
    assertThat(new LruCache<Integer, Integer>(4096).info().stripes()).isEqualTo(16);
    assertThat(new LfuCache<Integer, Integer>(100_000).info().stripes()).isEqualTo(1);
    assertThat(large.info().policy()).isEqualTo(Policy.LRU);
    assertThat(large.info().capacity()).hasValue(100_000);
    assertThat(large.info().ttl()).isEmpty();
  }

  @Test
  void stripedCacheNeverExceedsCapacity() {
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU)
            .capacity(100)
            .stripes(8)
            .removalListener(recorder)
            .build();
    for (int i = 0; i < 1000; i++) {
      cache.put("k" + i, i);
    }
    assertThat(cache.size()).isEqualTo(100);
    assertThat(recorder.removals).hasSize(900);
    List<RemovalCause> causes =
        recorder.removals.stream().map(Removal::cause).distinct().toList();
    assertThat(causes).containsExactly(RemovalCause.SIZE);
  }
}
