package dev.purecache;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.RemovalRecorder.Removal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Prompt expiry: a thread of the cache reclaims expired entries at their deadlines. The test
 * drives it with a manual ticker and a sleeper it wakes by hand, so nothing sleeps.
 */
class PromptExpiryTest {
  private static final Duration TTL = Duration.ofMillis(500);

  /** A sleeper the test wakes: each sleep records its length, then waits for a wake-up. */
  static final class HandSleeper implements Sleeper {
    final BlockingQueue<Long> requested = new LinkedBlockingQueue<>();
    final Semaphore wakeUps = new Semaphore(0);
    volatile Thread thread;

    @Override
    public void sleep(long nanos) throws InterruptedException {
      thread = Thread.currentThread();
      requested.add(nanos);
      wakeUps.acquire();
    }

    /** Returns the length of the next sleep the thread asks for, waiting at most 10 s. */
    long nextSleep() throws InterruptedException {
      Long nanos = requested.poll(10, SECONDS);
      assertThat(nanos).as("a sleep within 10 s").isNotNull();
      return nanos;
    }
  }

  /** A sleeper that parks, as the system one does: the test or the cache unparks it. */
  static final class ParkingSleeper implements Sleeper {
    final BlockingQueue<Long> requested = new LinkedBlockingQueue<>();
    volatile Thread thread;

    @Override
    public void sleep(long nanos) throws InterruptedException {
      thread = Thread.currentThread();
      requested.add(nanos);
      LockSupport.park(this);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
    }

    /**
     * Returns the length of the next sleep the thread asks for other than {@code skipped} (a park
     * may return for no reason, and the thread then asks again for the same sleep), waiting at
     * most 10 s.
     */
    long nextSleepOtherThan(long skipped) throws InterruptedException {
      long giveUp = System.nanoTime() + SECONDS.toNanos(10);
      for (; ; ) {
        Long nanos = requested.poll(giveUp - System.nanoTime(), NANOSECONDS);
        assertThat(nanos).as("a sleep other than " + skipped + " ns within 10 s").isNotNull();
        if (nanos != skipped) {
          return nanos;
        }
      }
    }

    void stop() throws InterruptedException {
      thread.interrupt();
      thread.join(Duration.ofSeconds(10));
      assertThat(thread.isAlive()).isFalse();
    }
  }

  private final ManualTicker ticker = new ManualTicker();
  private final HandSleeper sleeper = new HandSleeper();
  private final RemovalRecorder<String, String> recorder = new RemovalRecorder<>();
  private volatile CountDownLatch expired = new CountDownLatch(1);

  private Cache<String, String> cache(Policy policy) {
    CacheBuilder<Object, Object> builder =
        CacheBuilder.newBuilder().policy(policy).ttl(TTL).ticker(ticker).promptExpiry(sleeper);
    if (policy != Policy.TTL) {
      builder.capacity(100);
    }
    return builder.removalListener(this::recordRemoval).build();
  }

  /** Records a removal, and counts down {@link #expired} on an expiry. */
  private void recordRemoval(String key, String value, RemovalCause cause) {
    recorder.onRemoval(key, value, cause);
    if (cause == RemovalCause.EXPIRED) {
      expired.countDown();
    }
  }

  /** A cache of 10 with prompt expiry, whose entries expire {@code access} after each access. */
  private Cache<String, String> expiringAfterAccess(
      Duration access, Ticker ticker, Sleeper sleeper) {
    return withPromptExpiry(ticker, sleeper)
        .expireAfterAccess(access)
        .removalListener(this::recordRemoval)
        .build();
  }

  /** A builder for a cache of 10 with prompt expiry, to be given deadlines per entry. */
  private static CacheBuilder<Object, Object> withPromptExpiry(Ticker ticker, Sleeper sleeper) {
    return CacheBuilder.newBuilder().capacity(10).ticker(ticker).promptExpiry(sleeper);
  }

  @Test
  void anExpiredEntryIsReportedAtItsDeadlineWithoutAnyReadOrWrite() throws Exception {
    for (Policy policy : new Policy[] {Policy.TTL, Policy.LRU_TTL, Policy.ADAPTIVE}) {
      recorder.drain();
      expired = new CountDownLatch(1);
      Cache<String, String> cache = cache(policy);
      cache.put("a", "1");
      assertThat(sleeper.nextSleep()).isEqualTo(TTL.toNanos()); // empty or just written: one ttl
      ticker.advance(Duration.ofMillis(200));
      sleeper.wakeUps.release();
      assertThat(sleeper.nextSleep()).isEqualTo(Duration.ofMillis(300).toNanos()); // to the deadline
      assertThat(recorder.removals).isEmpty();
      ticker.advance(Duration.ofMillis(300));
      sleeper.wakeUps.release();
      assertThat(expired.await(10, SECONDS)).isTrue();
      assertThat(recorder.drain()).containsExactly(new Removal<>("a", "1", RemovalCause.EXPIRED));
      assertThat(sleeper.nextSleep()).isEqualTo(TTL.toNanos()); // empty again
      assertThat(cache.info().promptExpiry()).isTrue();
      sleeper.thread.interrupt(); // ends this cache's thread before the next policy's
      sleeper.thread.join(Duration.ofSeconds(10));
      assertThat(sleeper.thread.isAlive()).isFalse();
      assertThat(sleeper.thread.isVirtual()).isTrue();
    }
  }

  /**
   * With deadlines per entry, the thread that found nothing to expire sleeps for a second; an
   * entry written meanwhile with an earlier deadline wakes it, so it is reported at that deadline,
   * not up to a second after it.
   */
  @Test
  void aWriteWithAnEarlierDeadlineWakesTheThreadFromItsSleep() throws Exception {
    Duration access = Duration.ofMillis(100);
    ParkingSleeper parking = new ParkingSleeper();
    Cache<String, String> cache = expiringAfterAccess(access, ticker, parking);
    long second = SECONDS.toNanos(1);
    try {
      assertThat(parking.nextSleepOtherThan(0)).as("nothing known: a second").isEqualTo(second);
      cache.put("a", "1"); // its deadline, 100 ms from now, comes before that sleep ends
      assertThat(parking.nextSleepOtherThan(second)).isEqualTo(access.toNanos());
      assertThat(recorder.removals).isEmpty();
      ticker.advance(access);
      LockSupport.unpark(parking.thread); // as the end of its sleep would
      assertThat(expired.await(10, SECONDS)).isTrue();
      assertThat(recorder.drain()).containsExactly(new Removal<>("a", "1", RemovalCause.EXPIRED));
    } finally {
      parking.stop();
    }
  }

  /**
   * An {@link Expiry} that gives an hour on create, and on an update to "soon" or on a read
   * shortens the entry's time to {@code shortened} nanoseconds.
   */
  private static Expiry<String, String> shortening(long shortened) {
    long hour = Duration.ofHours(1).toNanos();
    return new Expiry<>() {
      @Override
      public long expireAfterCreate(String key, String value, long currentTime) {
        return hour;
      }

      @Override
      public long expireAfterUpdate(
          String key, String value, long currentTime, long currentDuration) {
        return value.equals("soon") ? shortened : currentDuration;
      }

      @Override
      public long expireAfterRead(
          String key, String value, long currentTime, long currentDuration) {
        return Math.min(shortened, currentDuration);
      }
    };
  }

  /**
   * A per-entry {@link Expiry} that shortens a deadline on an update, or on a read, wakes the
   * thread too: the entry is reported at its new deadline.
   */
  @Test
  void anUpdateOrAReadThatShortensADeadlineWakesTheThread() throws Exception {
    long shortened = Duration.ofMillis(50).toNanos();
    for (boolean byRead : new boolean[] {false, true}) {
      ParkingSleeper parking = new ParkingSleeper();
      expired = new CountDownLatch(1);
      Cache<String, String> cache =
          withPromptExpiry(ticker, parking)
              .expireAfter(shortening(shortened))
              .removalListener(this::recordRemoval)
              .build();
      long second = SECONDS.toNanos(1);
      try {
        cache.put("a", "later");
        assertThat(parking.nextSleepOtherThan(0))
            .as("nothing due within a second")
            .isEqualTo(second);
        if (byRead) {
          assertThat(cache.get("a")).isEqualTo("later");
        } else {
          cache.put("a", "soon");
        }
        assertThat(parking.nextSleepOtherThan(second))
            .as("no longer than to the new deadline (the timer wheel gives a lower bound)")
            .isPositive()
            .isLessThanOrEqualTo(shortened);
        ticker.advanceNanos(shortened);
        LockSupport.unpark(parking.thread);
        assertThat(expired.await(10, SECONDS)).isTrue();
        assertThat(recorder.drain())
            .containsExactlyElementsOf(
                byRead
                    ? List.of(new Removal<>("a", "later", RemovalCause.EXPIRED))
                    : List.of(
                        new Removal<>("a", "later", RemovalCause.REPLACED),
                        new Removal<>("a", "soon", RemovalCause.EXPIRED)));
      } finally {
        parking.stop();
      }
    }
  }

  /** A ticker the test moves by hand, and makes throw while {@code failing} is set. */
  static final class FailingTicker implements Ticker {
    final ManualTicker time = new ManualTicker();
    volatile boolean failing;

    @Override
    public long read() {
      if (failing) {
        throw new IllegalStateException("ticker failed (test)");
      }
      return time.read();
    }
  }

  /**
   * A look that fails (its ticker threw) leaves the thread's next wake-up unknown: the next
   * deadline set, whatever it is, wakes it to look again, rather than one compared with the
   * wake-up of an earlier look, long past.
   */
  @Test
  void afterAFailedLookTheNextDeadlineWakesTheThread() throws Exception {
    Duration access = Duration.ofMillis(100);
    FailingTicker failingTicker = new FailingTicker();
    ParkingSleeper parking = new ParkingSleeper();
    Cache<String, String> cache = expiringAfterAccess(access, failingTicker, parking);
    long second = SECONDS.toNanos(1);
    try {
      assertThat(parking.nextSleepOtherThan(0)).as("nothing known: a second").isEqualTo(second);
      failingTicker.time.advance(Duration.ofSeconds(2)); // the end of that sleep is now long past
      failingTicker.failing = true;
      LockSupport.unpark(parking.thread); // its look fails: it retries after a second
      assertThat(parking.nextSleepOtherThan(0)).as("after a failed look").isEqualTo(second);
      failingTicker.failing = false;
      cache.put("a", "1"); // a deadline 100 ms from now, after the failed look's old wake-up
      assertThat(parking.nextSleepOtherThan(second)).isEqualTo(access.toNanos());
    } finally {
      parking.stop();
    }
  }

  @Test
  void withTheSystemClockAndSleeperAnExpiredEntryIsReportedAfterItsDeadline() throws Exception {
    Duration ttl = Duration.ofMillis(50);
    CountDownLatch reported = new CountDownLatch(1);
    long[] reportedAt = new long[1];
    Cache<String, String> cache =
        CacheBuilder.newBuilder()
            .policy(Policy.TTL)
            .ttl(ttl)
            .promptExpiry()
            .removalListener(
                (String k, String v, RemovalCause cause) -> {
                  reportedAt[0] = System.nanoTime();
                  reported.countDown();
                })
            .build();
    long written = System.nanoTime();
    cache.put("a", "1");
    assertThat(reported.await(10, SECONDS)).as("reported with no read or write").isTrue();
    assertThat(reportedAt[0] - written)
        .as("not before the deadline")
        .isGreaterThanOrEqualTo(ttl.toNanos());
  }

  @Test
  void longTimesToLiveStillWakeTheThreadEverySecond() throws Exception {
    Cache<String, String> cache =
        CacheBuilder.newBuilder().ttl(Duration.ofHours(1)).capacity(10).ticker(ticker)
            .promptExpiry(sleeper).build();
    cache.put("a", "1");
    assertThat(sleeper.nextSleep()).isEqualTo(Duration.ofSeconds(1).toNanos());
    sleeper.thread.interrupt();
  }

  @Test
  void theThreadEndsOnceItsCacheIsCollected() throws Exception {
    buildAndForget();
    sleeper.nextSleep();
    Thread thread = sleeper.thread;
    long giveUp = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (thread.isAlive() && System.nanoTime() < giveUp) {
      System.gc();
      sleeper.wakeUps.release(); // as the thread's next wake-up would
      thread.join(Duration.ofMillis(50));
    }
    assertThat(thread.isAlive()).as("the thread of a collected cache").isFalse();
  }

  private void buildAndForget() {
    Cache<String, String> cache = cache(Policy.TTL);
    cache.put("a", "1");
  }

  @Test
  void isOffByDefaultAndOnlyForCachesWithExpiry() {
    assertThat(CacheBuilder.newBuilder().capacity(5).build().info().promptExpiry()).isFalse();
    assertThat(CacheBuilder.newBuilder().policy(Policy.TTL).ttl(TTL).build().info().promptExpiry())
        .isFalse();
    assertThatThrownBy(() -> CacheBuilder.newBuilder().capacity(5).promptExpiry().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "promptExpiry needs entries that expire: set a ttl (with Policy.ADAPTIVE, TTL or"
                + " LRU_TTL), or expireAfterAccess, or expireAfter(Expiry)");
    assertThatThrownBy(() -> CacheBuilder.newBuilder().promptExpiry(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("sleeper");
  }
}
