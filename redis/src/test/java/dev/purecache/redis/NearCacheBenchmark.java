package dev.purecache.redis;

import dev.purecache.CacheBuilder;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.StringCodec;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of keys the near cache holds locally, against a plain Lettuce {@code GET} of the same
 * keys on the same loopback redis-server (started from {@code PATH} by the benchmark). Both read
 * 1,024 keys round-robin per thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NearCacheBenchmark {
  private static final int KEYS = 1_024;

  private RedisServer server;
  private RedisNearCache<String, String> near;
  private RedisClient client;
  private StatefulRedisConnection<String, String> connection;
  private RedisCommands<String, String> lettuce;
  private final String[] keys = new String[KEYS];

  /** The position of one benchmark thread in the key ring. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int next() {
      return next++ & (KEYS - 1);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    server = RedisServer.start();
    near = RedisNearCache.builder()
        .uri(server.uri())
        .namespace("bench")
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(4 * KEYS))
        .build();
    for (int i = 0; i < KEYS; i++) {
      keys[i] = "key-" + i;
      near.put(keys[i], "value-" + i);
    }
    for (String key : keys) {
      if (near.get(key) == null || near.size() < 1) {
        throw new IllegalStateException("not loaded: " + key);
      }
    }
    client = RedisClient.create(server.uri());
    connection = client.connect(StringCodec.UTF8);
    lettuce = connection.sync();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    near.close();
    connection.close();
    client.shutdown();
    server.stop();
  }

  @Benchmark
  public String nearCacheLocalHit(Cursor cursor) {
    return near.get(keys[cursor.next()]);
  }

  @Benchmark
  public String lettuceGet(Cursor cursor) {
    return lettuce.get("bench:" + keys[cursor.next()]);
  }
}
