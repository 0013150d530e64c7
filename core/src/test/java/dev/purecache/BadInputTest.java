package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class BadInputTest {
  private static final Duration TTL = Duration.ofMinutes(1);

  private static Cache<String, String> cache(Policy policy) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().policy(policy).capacity(4);
    if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
      builder.ttl(TTL);
    }
    return builder.build();
  }

  @ParameterizedTest
  @EnumSource(Policy.class)
  void nullArgumentsThrowNamingTheArgumentAndLeaveTheCacheIntact(Policy policy) {
    Cache<String, String> cache = cache(policy);
    cache.put("a", "1");
    Function<String, String> loader = k -> "v";
    assertThatThrownBy(() -> cache.get(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> cache.put(null, "x")).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> cache.put("b", null)).isInstanceOf(NullPointerException.class).hasMessage("value");
    assertThatThrownBy(() -> cache.computeIfAbsent(null, loader))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThatThrownBy(() -> cache.computeIfAbsent("b", null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loader");
    assertThatThrownBy(() -> cache.getAll(null, loader))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keys");
    assertThatThrownBy(() -> cache.getAll(Arrays.asList("a", null), loader))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("keys contains null");
    assertThatThrownBy(() -> cache.getAll(List.of("a"), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loader");
    assertThatThrownBy(() -> cache.remove(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
    assertThatThrownBy(() -> cache.containsKey(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key");
    assertThat(cache.get("a")).isEqualTo("1");
    assertThat(cache.size()).isEqualTo(1);
  }

  @Test
  void capacityBelowOneIsRejectedWithTheValue() {
    assertThatThrownBy(() -> new LruCache<String, String>(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be >= 1, was 0");
    assertThatThrownBy(() -> new LfuCache<String, String>(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-5");
    assertThatThrownBy(() -> new TtlCache<String, String>(0, TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
    assertThatThrownBy(() -> new LruTtlCache<String, String>(-1, TTL))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was -1");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  @Test
  void nonPositiveTtlIsRejectedWithTheValue() {
    assertThatThrownBy(() -> new TtlCache<String, String>(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be positive, was PT0S");
    assertThatThrownBy(() -> new LruTtlCache<String, String>(10, Duration.ofSeconds(-3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT-3S");
    assertThatThrownBy(() -> new TtlCache<String, String>((Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ttl");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().loadTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT0S");
  }

  @Test
  void builderRejectsSettingsThatDoNotFitThePolicy() {
    assertThatThrownBy(() -> CacheBuilder.newBuilder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ADAPTIVE needs a capacity");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().policy(Policy.TTL).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("TTL needs a time to live");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().policy(Policy.LFU).capacity(3).ttl(TTL).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("LFU does not expire");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().capacity(3).stripes(4).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("stripes (4) must not exceed the capacity (3)");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().stripes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
  }

  /** Keys whose hashCode is constant: the map degrades to a list, the policy stays exact. */
  record CollidingKey(int id) {
    @Override
    public int hashCode() {
      return 42;
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Policy.class,
      names = {"LRU", "LFU"})
  void keysWithAConstantHashCodeStillBehaveExactly(Policy policy) {
    RemovalRecorder<CollidingKey, Integer> recorder = new RemovalRecorder<>();
    Cache<CollidingKey, Integer> cache =
        CacheBuilder.newBuilder().policy(policy).capacity(3).removalListener(recorder).build();
    for (int i = 0; i < 3; i++) {
      cache.put(new CollidingKey(i), i);
    }
    cache.get(new CollidingKey(0));
    cache.put(new CollidingKey(3), 3);
    assertThat(recorder.keys(RemovalCause.SIZE)).containsExactly(new CollidingKey(1));
    assertThat(cache.get(new CollidingKey(0))).isZero();
    assertThat(cache.remove(new CollidingKey(2))).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aThrowingListenerNeverBreaksTheCache() {
    int[] calls = {0};
    Cache<String, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.LRU)
            .capacity(2)
            .removalListener(
                (String k, Integer v, RemovalCause cause) -> {
                  calls[0]++;
                  throw new IllegalStateException("listener bug");
                })
            .build();
    cache.put("a", 1);
    cache.put("b", 2);
    cache.put("c", 3); // evicts a; the listener throws
    cache.put("c", 4); // replaces; the listener throws
    assertThat(cache.remove("b")).isEqualTo(2);
    assertThat(cache.get("c")).isEqualTo(4);
    assertThat(cache.size()).isEqualTo(1);
    assertThat(calls[0]).isEqualTo(3);
    assertThat(cache.computeIfAbsent("d", k -> 5)).isEqualTo(5);
  }

  @Test
  void aThrowingLoaderLeavesOtherEntriesAlone() {
    Cache<String, Integer> cache = new LruCache<>(3);
    cache.put("a", 1);
    cache.put("b", 2);
    assertThatThrownBy(() -> cache.computeIfAbsent("c", k -> { throw new IllegalStateException("x"); }))
        .isExactlyInstanceOf(IllegalStateException.class)
        .hasMessage("x");
    assertThat(cache.get("a")).isEqualTo(1);
    assertThat(cache.get("b")).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(2);
  }
}
