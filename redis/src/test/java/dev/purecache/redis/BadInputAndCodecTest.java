package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.CacheBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Clear errors for bad settings, and codecs or Redis refusing a value, on a real server. */
@ExtendWith(RedisServerExtension.class)
class BadInputAndCodecTest {
  private final RedisServer redis;

  BadInputAndCodecTest(RedisServer redis) {
    this.redis = redis;
  }

  @Test
  void anEmptyNamespaceOrOneWithAPatternCharacterIsRefused() {
    assertThatThrownBy(() -> RedisNearCache.builder().namespace(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("namespace must not be empty");
    for (String bad : new String[] {"a*", "a?", "[a", "a]", "a\\b"}) {
      assertThatThrownBy(() -> RedisNearCache.builder().namespace(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("pattern character")
          .hasMessageContaining(bad);
    }
    assertThatThrownBy(() -> RedisNearCache.builder().namespace(null))
        .isInstanceOf(NullPointerException.class).hasMessage("namespace");
  }

  @Test
  void aTtlOrTimeoutThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> RedisNearCache.builder().redisTtl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("redis ttl must be positive (at least 1 ms), was PT0S");
    assertThatThrownBy(() -> RedisNearCache.builder().redisTtl(Duration.ofSeconds(-5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-5S");
    assertThatThrownBy(() -> RedisNearCache.builder().distributedLoads(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lock ttl");
    assertThatThrownBy(() -> RedisNearCache.builder().commandTimeout(Duration.ofNanos(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("command timeout");
    assertThatThrownBy(() -> DisconnectPolicy.serveLocalFor(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
    assertThatThrownBy(() -> RedisNearCache.builder().uri(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uri");
  }

  @Test
  void missingSettingsAreNamedAtBuild() {
    assertThatThrownBy(() -> RedisNearCache.builder().namespace("x").build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("client or a uri");
    assertThatThrownBy(() -> RedisNearCache.builder().uri(redis.uri()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("namespace");
    assertThatThrownBy(() -> RedisNearCache.builder().uri(redis.uri()).namespace("x")
            .keyCodec(Codec.utf8()).build())
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("valueCodec");
  }

  /** A value codec refusing values over 8 bytes, and failing to decode the text "poison". */
  private static final Codec<String> STRICT = new Codec<>() {
    @Override
    public byte[] encode(String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      if (bytes.length > 8) {
        throw new IllegalArgumentException("value too big: " + bytes.length + " bytes > 8");
      }
      return bytes;
    }

    @Override
    public String decode(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      if (s.equals("poison")) {
        throw new IllegalStateException("cannot decode " + s);
      }
      return s;
    }
  };

  private RedisNearCache<String, String> strict(String ns) {
    return RedisNearCache.builder().uri(redis.uri()).namespace(ns)
        .keyCodec(Codec.utf8()).valueCodec(STRICT)
        .local(CacheBuilder.newBuilder().capacity(10)).build();
  }

  private static boolean local(RedisNearCache<String, String> cache, String key) {
    return ((NearCache<String, String>) cache).localTier().containsKey(key);
  }

  @Test
  void aValueTooBigForTheCodecChangesNeitherTier() throws Exception {
    try (RedisNearCache<String, String> cache = strict("codec-big")) {
      cache.put("k", "small");
      assertThatThrownBy(() -> cache.put("k", "far too big"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too big");
      assertThat(redis.cli("GET", "codec-big:k")).isEqualTo("small");
      assertThat(cache.get("k")).isEqualTo("small");

      assertThatThrownBy(() -> cache.computeIfAbsent("loaded", k -> "far too big"))
          .isInstanceOf(IllegalArgumentException.class) // unchanged, as the core delivers it
          .hasMessageContaining("too big");
      assertThat(redis.cli("EXISTS", "codec-big:loaded")).isEqualTo("0");
      assertThat(local(cache, "loaded")).isFalse();
      assertThat(cache.computeIfAbsent("loaded", k -> "fits")).isEqualTo("fits");
    }
  }

  @Test
  void aValueTheCodecCannotDecodeIsNotStoredLocally() throws Exception {
    try (RedisNearCache<String, String> cache = strict("codec-poison")) {
      redis.cli("SET", "codec-poison:k", "poison");
      assertThatThrownBy(() -> cache.get("k"))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot decode");
      assertThat(local(cache, "k")).isFalse();
      assertThat(redis.cli("GET", "codec-poison:k")).isEqualTo("poison");
      redis.cli("SET", "codec-poison:k", "fine");
      assertThat(cache.get("k")).isEqualTo("fine");
    }
  }

  @Test
  void aWriteRedisRefusesThrowsAndLeavesTheLocalTierUnchanged() throws Exception {
    try (RedisNearCache<String, String> cache = strict("refused")) {
      cache.put("k", "v1");
      redis.cli("CONFIG", "SET", "maxmemory", "1");
      try {
        assertThatThrownBy(() -> cache.put("k", "v2"))
            .isInstanceOf(RedisCacheException.class).hasMessageContaining("OOM");
      } finally {
        redis.cli("CONFIG", "SET", "maxmemory", "0");
      }
      assertThat(local(cache, "k")).isTrue();
      assertThat(cache.get("k")).isEqualTo("v1");
      assertThat(redis.cli("GET", "refused:k")).isEqualTo("v1");
    }
  }
}
