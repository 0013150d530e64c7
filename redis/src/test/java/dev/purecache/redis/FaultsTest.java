package dev.purecache.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.CacheBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faults of a real server under three instances: A writes, B reads with the default policy
 * (bypass the local tier while tracking is lost), C reads with {@code serveLocalFor(10 s)} on a
 * manual ticker. A writer keeps writing through A during the fault.
 */
@ExtendWith(RedisServerExtension.class)
class FaultsTest {
  private static final Duration BOUND = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(10);

  private final RedisServer redis;
  private final String ns;
  private final ManualTicker ticker = new ManualTicker();
  private final List<RedisNearCache<String, String>> opened = new ArrayList<>();
  private Set<String> threadsBefore;
  private RedisNearCache<String, String> a;
  private RedisNearCache<String, String> b;
  private RedisNearCache<String, String> c;

  FaultsTest(RedisServer redis, TestInfo test) {
    this.redis = redis;
    this.ns = "faults-" + test.getTestMethod().orElseThrow().getName();
  }

  @BeforeEach
  void open() {
    threadsBefore = clientThreads();
    a = instance(DisconnectPolicy.bypassLocal());
    b = instance(DisconnectPolicy.bypassLocal());
    c = instance(DisconnectPolicy.serveLocalFor(GRACE));
  }

  @AfterEach
  void closeAndCheckThreads() throws Exception {
    opened.forEach(RedisNearCache::close);
    for (RedisNearCache<String, String> cache : opened) {
      assertThat(((NearCache<String, String>) cache).tracking().supervisorThread().isAlive())
          .as("supervisor of a closed cache").isFalse();
    }
    Await.until("client threads gone after close, were " + clientThreads(), BOUND,
        () -> clientThreads().equals(threadsBefore));
  }

  private RedisNearCache<String, String> instance(DisconnectPolicy policy) {
    RedisNearCache<String, String> cache = RedisNearCache.builder()
        .uri(redis.uri())
        .namespace(ns)
        .keyCodec(Codec.utf8())
        .valueCodec(Codec.utf8())
        .local(CacheBuilder.newBuilder().capacity(100))
        .disconnectPolicy(policy)
        .commandTimeout(Duration.ofMillis(500))
        .healthCheck(Duration.ofMillis(500))
        .ticker(ticker)
        .recordStats()
        .build();
    opened.add(cache);
    return cache;
  }

  /** Names of the live platform threads of Lettuce, Netty and this module. */
  private static Set<String> clientThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("lettuce") || n.contains("purecache") || n.contains("nio"))
        .collect(Collectors.toSet());
  }

  private static boolean local(RedisNearCache<String, String> cache, String key) {
    return ((NearCache<String, String>) cache).localTier().containsKey(key);
  }

  private boolean allTracking() {
    return a.isTracking() && b.isTracking() && c.isTracking();
  }

  private boolean noneTracking() {
    return !a.isTracking() && !b.isTracking() && !c.isTracking();
  }

  /** Writes increasing numbers to "k" through A until stopped; remembers the last acknowledged. */
  private final class Writer implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong lastAcked = new AtomicLong();
    final AtomicInteger failures = new AtomicInteger();
    final Thread thread = Thread.ofVirtual().unstarted(this);

    @Override
    public void run() {
      for (long n = 1; !stop.get(); n++) {
        try {
          a.put("k", Long.toString(n));
          lastAcked.set(n);
        } catch (RedisCacheException e) {
          failures.incrementAndGet();
        }
        try {
          Thread.sleep(2);
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    long stopAndJoin() throws InterruptedException {
      stop.set(true);
      thread.join();
      return lastAcked.get();
    }
  }

  /** Before the fault: every instance holds "k" and C holds "c-key" locally. */
  private Writer warmUp() throws Exception {
    a.put("c-key", "before");
    Await.until("C heard of the write", BOUND, () -> c.nearStats().invalidations() == 1);
    NearCacheTest.settle(c);
    assertThat(c.get("c-key")).isEqualTo("before");
    assertThat(local(c, "c-key")).isTrue();
    Writer writer = new Writer();
    writer.thread.start();
    Await.until("first writes acknowledged", BOUND, () -> writer.lastAcked.get() >= 3);
    assertThat(b.get("k")).isNotNull();
    return writer;
  }

  /** While tracking is lost: B bypasses its local tier, C serves it until its grace ends. */
  private void checkPolicyWhileLost() {
    assertThatThrownBy(() -> b.get("k")).isInstanceOf(RedisCacheException.class);
    assertThat(c.get("c-key")).as("C within its grace").isEqualTo("before");
    ticker.advance(GRACE.plusMillis(1));
    assertThatThrownBy(() -> c.get("c-key")).as("C past its grace")
        .isInstanceOf(RedisCacheException.class);
    assertThat(local(c, "c-key")).isFalse();
  }

  /** After the fault: both tiers agree with Redis everywhere, and nothing predates the writer. */
  private void checkConsistentAfter(Writer writer, long ackedBeforeRecovery) throws Exception {
    Await.until("writes acknowledged after recovery", BOUND,
        () -> writer.lastAcked.get() > ackedBeforeRecovery + 3);
    long last = writer.stopAndJoin();
    String inRedis = redis.cli("GET", ns + ":k");
    assertThat(Long.parseLong(inRedis)).isGreaterThanOrEqualTo(last);
    Await.until("A and B read what Redis holds", BOUND,
        () -> inRedis.equals(a.get("k")) && inRedis.equals(b.get("k")));
    assertThat(c.get("k")).isEqualTo(inRedis);
    assertThat(writer.failures.get()).as("writes refused during the fault").isPositive();
    for (RedisNearCache<String, String> cache : opened) {
      assertThat(cache.nearStats().reconnects()).isGreaterThanOrEqualTo(1);
    }
    // invalidation works again: a write through A reaches B and C
    a.put("c-key", "after-fault");
    Await.until("C sees the write", BOUND, () -> "after-fault".equals(c.get("c-key")));
  }

  @Test
  void aKilledAndRestartedServer() throws Exception {
    Writer writer = warmUp();

    redis.kill();
    Await.until("every instance lost tracking", BOUND, this::noneTracking);
    checkPolicyWhileLost();
    long ackedBefore = writer.lastAcked.get();

    redis.launch();
    // an outside write lands before the instances have re-established tracking
    redis.cli("SET", ns + ":c-key", "outside-after-restart");
    Await.until("every instance tracking again", BOUND, this::allTracking);
    assertThat(c.get("c-key")).isIn("outside-after-restart", "after-fault");
    assertThat(c.get("c-key")).isEqualTo(redis.cli("GET", ns + ":c-key"));

    checkConsistentAfter(writer, ackedBefore);
  }

  @Test
  void aServerStoppedForSecondsThenResumed() throws Exception {
    Writer writer = warmUp();

    long pausedAt = System.nanoTime();
    redis.pause();
    try {
      Await.until("every instance lost tracking", BOUND, this::noneTracking);
      checkPolicyWhileLost();
      // a write that times out: Redis applies it on resume, so A must not keep an older value
      assertThatThrownBy(() -> a.put("c-key", "timed-out")).isInstanceOf(RedisCacheException.class);
      while (System.nanoTime() - pausedAt < Duration.ofSeconds(3).toNanos()) {
        Thread.sleep(50); // the fault lasts a few seconds
      }
    } finally {
      redis.resume();
    }
    long ackedBefore = writer.lastAcked.get();
    Await.until("every instance tracking again", BOUND, this::allTracking);
    String cKey = redis.cli("GET", ns + ":c-key");
    assertThat(a.get("c-key")).isEqualTo(cKey);
    assertThat(c.get("c-key")).isEqualTo(cKey);

    checkConsistentAfter(writer, ackedBefore);
  }
}
