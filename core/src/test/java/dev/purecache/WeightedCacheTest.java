package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The contract of a cache bounded by weight ({@code maximumWeight} with a {@code Weigher}). */
class WeightedCacheTest {
  private final RemovalRecorder<String, String> recorder = new RemovalRecorder<>();

  /** One-stripe LRU cache of maximum weight 10, where a value weighs its length. */
  private Cache<String, String> lru() {
    return CacheBuilder.newBuilder()
        .policy(Policy.LRU)
        .maximumWeight(10)
        .weigher((String k, String v) -> v.length())
        .removalListener(recorder)
        .build();
  }

  @Test
  void evictsTheLeastRecentlyUsedUntilTheNewEntryFits() {
    Cache<String, String> cache = lru();
    cache.put("a", "aaaa");
    cache.put("b", "bbb");
    cache.put("c", "ccc");
    assertThat(cache.get("a")).isEqualTo("aaaa"); // b is now the least recently used
    cache.put("d", "ddddd"); // 10 + 5: b (3) and c (3) must go, a (4) stays
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("b", "bbb", RemovalCause.SIZE), new Removal<>("c", "ccc", RemovalCause.SIZE));
    assertThat(cache.get("a")).isEqualTo("aaaa");
    assertThat(cache.get("d")).isEqualTo("ddddd");
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void anOverwriteThatMakesAnEntryHeavierEvictsOthersNotIt() {
    Cache<String, String> cache = lru();
    cache.put("a", "aaa");
    cache.put("b", "bbb");
    cache.put("c", "ccc");
    cache.put("a", "aaaaaaa"); // 7 + 3 + 3: b goes, the least recently used
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", "aaa", RemovalCause.REPLACED),
            new Removal<>("b", "bbb", RemovalCause.SIZE));
    assertThat(cache.get("a")).isEqualTo("aaaaaaa");
    assertThat(cache.get("c")).isEqualTo("ccc");
    cache.put("a", "a"); // lighter: nothing goes
    cache.put("e", "eeeeee");
    assertThat(recorder.keys(RemovalCause.SIZE)).isEmpty();
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void anEntryHeavierThanTheMaximumIsEvictedAtOnceAndEvictsNothingElse() {
    Cache<String, String> cache = lru();
    cache.put("a", "aaaa");
    cache.put("big", "x".repeat(11));
    assertThat(recorder.drain()).containsExactly(new Removal<>("big", "x".repeat(11), RemovalCause.SIZE));
    assertThat(cache.get("big")).isNull();
    assertThat(cache.get("a")).isEqualTo("aaaa");

    cache.put("a", "y".repeat(12)); // an overwrite too heavy: the old value is replaced, the new one goes
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("a", "aaaa", RemovalCause.REPLACED),
            new Removal<>("a", "y".repeat(12), RemovalCause.SIZE));
    assertThat(cache.containsKey("a")).isFalse();
    assertThat(cache.size()).isZero();
  }

  @Test
  void aLoadedEntryHeavierThanTheMaximumIsReturnedButNotKept() {
    Cache<String, String> cache = lru();
    assertThat(cache.computeIfAbsent("big", k -> "z".repeat(20))).isEqualTo("z".repeat(20));
    assertThat(recorder.drain()).containsExactly(new Removal<>("big", "z".repeat(20), RemovalCause.SIZE));
    assertThat(cache.get("big")).isNull();
    assertThat(cache.computeIfAbsent("small", k -> "zz")).isEqualTo("zz");
    assertThat(cache.get("small")).isEqualTo("zz");
  }

  @Test
  void loadsAreWeighedAndEvictByWeight() {
    Cache<String, String> cache = lru();
    cache.computeIfAbsent("a", k -> "aaaaaa");
    cache.computeIfAbsent("b", k -> "bbbbbb"); // 12 > 10: a goes
    assertThat(recorder.drain()).containsExactly(new Removal<>("a", "aaaaaa", RemovalCause.SIZE));
    assertThat(cache.getAll(List.of("c", "d"), k -> "cc")).hasSize(2); // 6 + 2 + 2 fits
    assertThat(recorder.drain()).isEmpty();
    assertThat(cache.size()).isEqualTo(3);
  }

  @Test
  void zeroWeightEntriesAreNeverEvictedForSize() {
    Cache<String, String> cache = lru();
    for (int i = 0; i < 100; i++) {
      cache.put("empty" + i, "");
    }
    cache.put("full", "x".repeat(10));
    cache.put("next", "y"); // evicts "full", the only entry with weight
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly("full");
    assertThat(cache.size()).isEqualTo(101);
  }

  @Test
  void aNegativeWeightIsAnIllegalArgumentNamingTheKeyAndStoresNothing() {
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .maximumWeight(10)
            .weigher((String k, String v) -> v.equals("bad") ? -1 : 1)
            .build();
    assertThatThrownBy(() -> cache.put("k1", "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k1")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> cache.computeIfAbsent("k2", k -> "bad"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k2");
    assertThat(cache.containsKey("k1")).isFalse();
    assertThat(cache.containsKey("k2")).isFalse();
    assertThat(cache.computeIfAbsent("k2", k -> "good")).isEqualTo("good"); // the failure was not kept
  }

  @Test
  void worksWithLruTtlWhereExpiredEntriesGoBeforeLiveOnes() {
    ManualTicker ticker = new ManualTicker();
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU_TTL)
            .ttl(Duration.ofSeconds(10))
            .ticker(ticker)
            .maximumWeight(10)
            .weigher((String k, String v) -> v.length())
            .removalListener(recorder)
            .build();
    cache.put("old", "ooooo");
    ticker.advance(Duration.ofSeconds(6));
    cache.put("new", "nnnnn");
    assertThat(cache.get("old")).isEqualTo("ooooo"); // "new" is now the least recently used
    ticker.advance(Duration.ofSeconds(5)); // "old" has expired
    cache.put("third", "ttttt");
    assertThat(recorder.drain()).containsExactly(new Removal<>("old", "ooooo", RemovalCause.EXPIRED));
    cache.put("fourth", "f"); // 11: the least recently used live entry goes
    assertThat(recorder.drain()).containsExactly(new Removal<>("new", "nnnnn", RemovalCause.SIZE));
    cache.put("third", "t".repeat(30));
    assertThat(recorder.drain())
        .containsExactly(
            new Removal<>("third", "ttttt", RemovalCause.REPLACED),
            new Removal<>("third", "t".repeat(30), RemovalCause.SIZE));
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void explicitStripesSplitTheMaximumWeight() {
    Cache<Integer, String> cache =
        CacheBuilder.newBuilder()
            .maximumWeight(10)
            .weigher((Integer k, String v) -> v.length())
            .stripes(2)
            .build();
    assertThat(cache.info().stripes()).isEqualTo(2);
    for (int i = 0; i < 100; i++) {
      cache.put(i, "xx");
    }
    assertThat(cache.size()).isEqualTo(4); // 5 per stripe: two entries of weight 2 in each
    cache.put(1000, "x".repeat(6)); // heavier than a stripe's share, lighter than the whole
    assertThat(cache.get(1000)).isNull();
  }

  @Test
  void infoReportsTheMaximumWeightAndNoCapacity() {
    Cache<String, String> cache = lru();
    CacheInfo info = cache.info();
    assertThat(info.maximumWeight()).isEqualTo(OptionalLong.of(10));
    assertThat(info.capacity()).isEmpty();
    assertThat(info.policy()).isEqualTo(Policy.LRU);
    assertThat(
            CacheBuilder.newBuilder().maximumWeight(10).weigher((k, v) -> 1).build().info().policy())
        .as("the default policy of a weighted cache")
        .isEqualTo(Policy.ADAPTIVE);
    assertThat(info.toString()).contains("maximumWeight=10").doesNotContain("capacity");
    assertThat(CacheBuilder.newBuilder().capacity(5).build().info().maximumWeight()).isEmpty();
  }

  @Test
  void badWeightSettingsAreRejectedWithClearMessages() {
    Weigher<Object, Object> one = (k, v) -> 1;
    assertThatThrownBy(() -> CacheBuilder.newBuilder().maximumWeight(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumWeight must be >= 0, was -1");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().weigher(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("weigher");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().maximumWeight(10).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maximumWeight needs a weigher: call weigher(...)");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().capacity(5).weigher(one).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a weigher needs a maximum weight: call maximumWeight(w)");
    assertThatThrownBy(
            () -> CacheBuilder.newBuilder().capacity(5).maximumWeight(10).weigher(one).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("capacity and maximumWeight are alternatives: set only one of them");
    assertThatThrownBy(
            () -> CacheBuilder.newBuilder().policy(Policy.LFU).maximumWeight(10).weigher(one).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("LFU does not support maximumWeight; use Policy.ADAPTIVE, LRU or LRU_TTL");
    assertThatThrownBy(
            () ->
                CacheBuilder.newBuilder()
                    .policy(Policy.TTL)
                    .ttl(Duration.ofSeconds(1))
                    .maximumWeight(10)
                    .weigher(one)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("TTL does not support maximumWeight; use Policy.ADAPTIVE, LRU or LRU_TTL");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maximumWeight(w)");
  }
}
