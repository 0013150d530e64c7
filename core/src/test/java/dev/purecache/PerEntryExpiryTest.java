package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Per-entry expiry with an {@link Expiry}: deadlines of their own, on a manual ticker. */
class PerEntryExpiryTest {
  private final ManualTicker ticker = new ManualTicker();
  private final RemovalRecorder<String, Long> recorder = new RemovalRecorder<>();

  /**
   * The value is the entry's time to live in milliseconds after create and update; a read keeps
   * the deadline unless the key starts with "r", whose reads give it {@link #readMillis}.
   */
  private final class ValueIsTheLifetime implements Expiry<String, Long> {
    final List<String> calls = new ArrayList<>();
    volatile long readMillis = 10;

    @Override
    public long expireAfterCreate(String key, Long value, long currentTime) {
      calls.add("create " + key + " at " + (currentTime - start));
      return Duration.ofMillis(value).toNanos();
    }

    @Override
    public long expireAfterUpdate(String key, Long value, long currentTime, long currentDuration) {
      calls.add("update " + key + " with " + currentDuration + " left");
      return Duration.ofMillis(value).toNanos();
    }

    @Override
    public long expireAfterRead(String key, Long value, long currentTime, long currentDuration) {
      calls.add("read " + key + " with " + currentDuration + " left");
      return key.startsWith("r") ? Duration.ofMillis(readMillis).toNanos() : currentDuration;
    }
  }

  private final long start = ticker.read();
  private final ValueIsTheLifetime expiry = new ValueIsTheLifetime();

  private Cache<String, Long> cache() {
    return CacheBuilder.newBuilder()
        .capacity(100)
        .expireAfter(expiry)
        .ticker(ticker)
        .removalListener(recorder)
        .build();
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  @Test
  void eachEntryExpiresExactlyAtItsOwnDeadline() {
    Cache<String, Long> cache = cache();
    cache.put("long", 300L);
    cache.put("short", 100L);
    cache.put("middle", 200L);
    ticker.advanceNanos(ms(100) - 1);
    assertThat(cache.get("short")).isEqualTo(100L);
    ticker.advanceNanos(1);
    assertThat(cache.get("short")).isNull();
    assertThat(cache.get("middle")).isEqualTo(200L);
    ticker.advance(Duration.ofMillis(100));
    assertThat(cache.get("middle")).isNull();
    assertThat(cache.size()).isEqualTo(1);
    assertThat(recorder.drain()) // one reclaim: in no particular order
        .containsExactlyInAnyOrder(
            new Removal<>("short", 100L, RemovalCause.EXPIRED),
            new Removal<>("middle", 200L, RemovalCause.EXPIRED));
    assertThat(expiry.calls)
        .containsExactly(
            "create long at 0",
            "create short at 0",
            "create middle at 0",
            "read short with 1 left",
            "read middle with " + ms(100) + " left");
  }

  @Test
  void anUpdateGetsWhatIsLeftAndSetsANewDeadline() {
    Cache<String, Long> cache = cache();
    cache.put("k", 100L);
    ticker.advance(Duration.ofMillis(60));
    cache.put("k", 500L);
    assertThat(expiry.calls).contains("update k with " + ms(40) + " left");
    ticker.advance(Duration.ofMillis(499));
    assertThat(cache.get("k")).isEqualTo(500L);
    ticker.advance(Duration.ofMillis(1));
    assertThat(cache.get("k")).isNull();
  }

  @Test
  void aReadDurationAppliesToTheNextReadAtOnce() {
    Cache<String, Long> cache = cache();
    cache.put("r", 1_000L);
    ticker.advance(Duration.ofMillis(100));
    assertThat(cache.get("r")).isEqualTo(1_000L); // now 10 ms left, from this read
    ticker.advanceNanos(ms(10) - 1);
    assertThat(cache.containsKey("r")).isTrue(); // not a hit: no read duration
    ticker.advanceNanos(1);
    assertThat(cache.get("r")).as("no write between: the read's deadline already holds").isNull();
    expiry.readMillis = 5_000;
    cache.put("r", 100L);
    ticker.advance(Duration.ofMillis(50));
    assertThat(cache.get("r")).isEqualTo(100L); // extends to 5 s from here
    ticker.advance(Duration.ofMillis(4_000));
    assertThat(cache.get("r")).isEqualTo(100L);
  }

  @Test
  void zeroAndNegativeDurationsExpireAtOnceAndHugeOnesNever() {
    Cache<String, Long> cache = cache();
    cache.put("zero", 0L);
    cache.put("negative", -5L);
    cache.put("huge", Long.MAX_VALUE / 1_000_000); // about 292 years in ms: cut to about 146
    assertThat(cache.get("zero")).isNull();
    assertThat(cache.get("negative")).isNull();
    cache.cleanUp();
    assertThat(recorder.keys(RemovalCause.EXPIRED)).containsExactlyInAnyOrder("zero", "negative");
    ticker.advance(Duration.ofDays(365 * 100));
    assertThat(cache.get("huge")).isNotNull();
  }

  @Test
  void anExpiryThatThrowsLetsTheEntryExpireAndTheOperationComplete() {
    Expiry<String, String> failing =
        new Expiry<>() {
          @Override
          public long expireAfterCreate(String key, String value, long currentTime) {
            if (key.equals("bad")) {
              throw new IllegalStateException("create");
            }
            return ms(100);
          }

          @Override
          public long expireAfterUpdate(String k, String v, long currentTime, long currentDuration) {
            throw new IllegalStateException("update");
          }

          @Override
          public long expireAfterRead(String k, String v, long currentTime, long currentDuration) {
            throw new IllegalStateException("read");
          }
        };
    Cache<String, String> cache =
        CacheBuilder.newBuilder().capacity(10).expireAfter(failing).ticker(ticker).build();
    cache.put("bad", "1");
    assertThat(cache.get("bad")).isNull();
    cache.put("good", "1");
    assertThat(cache.get("good")).as("a read that throws keeps the deadline").isEqualTo("1");
    ticker.advance(Duration.ofMillis(99));
    assertThat(cache.get("good")).isEqualTo("1");
    cache.put("good", "2");
    assertThat(cache.get("good")).as("an update that throws expires it").isNull();
  }

  @Test
  void aLoadingCacheLoadsAgainOnceTheDeadlineHasPassed() {
    AtomicInteger loads = new AtomicInteger();
    LoadingCache<String, Long> cache =
        CacheBuilder.newBuilder()
            .capacity(10)
            .expireAfter(expiry)
            .ticker(ticker)
            .loadEngine(LoadEngine.virtualThreads())
            .build(key -> 100L * loads.incrementAndGet());
    assertThat(cache.get("k")).isEqualTo(100L); // lives 100 ms
    ticker.advance(Duration.ofMillis(99));
    assertThat(cache.get("k")).isEqualTo(100L);
    ticker.advance(Duration.ofMillis(1));
    assertThat(cache.get("k")).isEqualTo(200L);
    assertThat(cache.getAll(List.of("k", "j"))).containsEntry("k", 200L).containsEntry("j", 300L);
    assertThat(loads).hasValue(3);
    assertThat(expiry.calls).contains("create k at 0", "create k at " + ms(100));
  }

  @Test
  void promptExpiryReportsEachDeadlineWithoutAnyReadOrWrite() throws Exception {
    PromptExpiryTest.HandSleeper sleeper = new PromptExpiryTest.HandSleeper();
    Cache<String, Long> cache =
        CacheBuilder.newBuilder()
            .capacity(10)
            .expireAfter(expiry)
            .ticker(ticker)
            .promptExpiry(sleeper)
            .removalListener(recorder)
            .build();
    try {
      assertThat(sleeper.nextSleep()).as("nothing known: a second").isEqualTo(ms(1_000));
      cache.put("a", 300L);
      cache.put("b", 100L);
      long elapsed = 0;
      for (long deadline : new long[] {ms(100), ms(300)}) {
        int before = recorder.removals.size();
        while (recorder.removals.size() == before) {
          sleeper.wakeUps.release();
          long sleep = sleeper.nextSleep();
          if (recorder.removals.size() > before) {
            break;
          }
          assertThat(elapsed + sleep).as("never sleeps past a known deadline").isLessThanOrEqualTo(deadline);
          ticker.advanceNanos(sleep);
          elapsed += sleep;
        }
        assertThat(elapsed).as("reported at its deadline, not before").isEqualTo(deadline);
      }
      assertThat(recorder.drain())
          .containsExactly(
              new Removal<>("b", 100L, RemovalCause.EXPIRED),
              new Removal<>("a", 300L, RemovalCause.EXPIRED));
    } finally {
      sleeper.thread.interrupt();
      sleeper.thread.join(Duration.ofSeconds(10));
    }
    assertThat(sleeper.thread.isAlive()).isFalse();
  }

  @Test
  void infoAndBadSettings() {
    CacheInfo info = cache().info();
    assertThat(info.policy()).isEqualTo(Policy.LRU);
    assertThat(info.perEntryExpiry()).isTrue();
    assertThat(info.expireAfterAccess()).isEmpty();
    assertThat(info.toString()).contains("expireAfter=Expiry");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().expireAfter(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("expiry");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().ttl(Duration.ofSeconds(1)).expireAfter(expiry).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ttl and expireAfter(Expiry) exclude each other: set only one of them");
    assertThatThrownBy(
            () ->
                CacheBuilder.newBuilder()
                    .expireAfterAccess(Duration.ofSeconds(1))
                    .expireAfter(expiry)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("expireAfterAccess and expireAfter(Expiry) exclude each other: set only one of them");
    assertThatThrownBy(
            () -> CacheBuilder.newBuilder().policy(Policy.ADAPTIVE).capacity(9).expireAfter(expiry).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ADAPTIVE does not support expireAfter(Expiry); use Policy.LRU (the default with it)");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().capacity(9).promptExpiry().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expireAfter(Expiry)");
  }
}
