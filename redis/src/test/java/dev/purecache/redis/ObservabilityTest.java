package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.CacheBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Statistics, the Micrometer binder and the JFR events, against a real redis-server. */
@ExtendWith(RedisServerExtension.class)
class ObservabilityTest {
  private static final Duration BOUND = Duration.ofSeconds(10);

  private final RedisServer redis;

  ObservabilityTest(RedisServer redis) {
    this.redis = redis;
  }

  private RedisNearCache<String, String> cache(String ns) {
    return RedisNearCache.builder()
        .uri(redis.uri())
        .namespace(ns)
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(100))
        .recordStats()
        .build();
  }

  @Test
  void theBinderCountsEachTierLoadsAndInvalidationsApart() throws Exception {
    try (RedisNearCache<String, String> cache = cache("obs-meters")) {
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      NearCacheMetrics.monitor(registry, cache, "products", "app", "test");

      cache.computeIfAbsent("loaded", k -> "v");       // redis miss, one load
      cache.get("loaded");                              // local hit
      cache.get("loaded");                              // local hit
      redis.cli("SET", "obs-meters:outside", "x");      // one invalidation
      Await.until("invalidation", BOUND, () -> cache.nearStats().invalidations() == 1);
      NearCacheTest.settle(cache);
      cache.get("outside");                             // redis hit

      assertThat(count(registry, "cache.near.gets", "result", "local.hit")).isEqualTo(2);
      assertThat(count(registry, "cache.near.gets", "result", "redis.hit")).isEqualTo(1);
      assertThat(count(registry, "cache.near.gets", "result", "redis.miss")).isEqualTo(1);
      assertThat(count(registry, "cache.near.loads", "result", "success")).isEqualTo(1);
      assertThat(count(registry, "cache.near.invalidations", "kind", "key")).isEqualTo(1);
      assertThat(count(registry, "cache.near.reconnects", null, null)).isZero();
      assertThat(count(registry, "cache.gets", "result", "hit")).isEqualTo(3);
      assertThat(count(registry, "cache.gets", "result", "miss")).isEqualTo(1);
      assertThat(registry.get("cache.size").tag("cache", "products").tag("app", "test")
          .gauge().value()).isEqualTo(2);
    }
  }

  private static double count(SimpleMeterRegistry registry, String name, String key, String value) {
    var search = registry.get(name).tag("cache", "products");
    if (key != null) {
      search = search.tag(key, value);
    }
    return search.functionCounter().count();
  }

  @Test
  void jfrRecordsInvalidationsAndAReconnect() throws Exception {
    Path file = Files.createTempFile("near-cache", ".jfr");
    try (Recording recording = new Recording();
        RedisNearCache<String, String> cache = cache("obs-jfr")) {
      recording.enable(InvalidationEvent.NAME);
      recording.enable(TrackingEvent.NAME);
      recording.start();

      redis.cli("SET", "obs-jfr:a", "1");
      Await.until("invalidation", BOUND, () -> cache.nearStats().invalidations() == 1);
      // drop every client connection but redis-cli's own: the cache reconnects
      redis.cli("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");
      Await.until("reconnected", BOUND, () -> cache.nearStats().reconnects() == 1);
      Await.until("tracking again", BOUND, cache::isTracking);

      recording.stop();
      recording.dump(file);
    }
    List<RecordedEvent> events = RecordingFile.readAllEvents(file);
    Files.delete(file);
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getEventType().getName()).isEqualTo(InvalidationEvent.NAME);
      assertThat(e.getString("namespace")).isEqualTo("obs-jfr");
      assertThat(e.getInt("keys")).isEqualTo(1);
      assertThat(e.getBoolean("flush")).isFalse();
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getEventType().getName()).isEqualTo(TrackingEvent.NAME);
      assertThat(e.getString("change")).isEqualTo("lost");
      // the dropped connection, or the health check failing on it first
      assertThat(e.getString("cause")).isIn("disconnected", "unresponsive");
    });
    assertThat(events).anySatisfy(e -> {
      assertThat(e.getEventType().getName()).isEqualTo(TrackingEvent.NAME);
      assertThat(e.getString("change")).isEqualTo("restored");
    });
  }
}
