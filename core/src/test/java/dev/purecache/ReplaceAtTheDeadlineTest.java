package dev.purecache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A put of a live TTL or LRU+TTL key (made without the lock) that is held up right after it reads the
 * clock, while the clock reaches the old value's deadline and another thread reads the key. The
 * put's write time is the clock it read, so the read must not come between that reading and the
 * put taking effect: either the read waits and returns the new value, or the put does not keep
 * its early time. Time to live 10, key written at 0, put at 5, read at 10, checked at 15 (the
 * deadline of a put made at 5).
 */
class ReplaceAtTheDeadlineTest {
  private static final long TTL = 10;

  /** A ticker that holds up one thread's next reading, after taking it, until released. */
  private static final class HoldingTicker implements Ticker {
    final AtomicLong now = new AtomicLong();
    final AtomicReference<Thread> holdNextReadOf = new AtomicReference<>();
    final CountDownLatch taken = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public long read() {
      long reading = now.get();
      if (holdNextReadOf.compareAndSet(Thread.currentThread(), null)) {
        taken.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return reading;
    }
  }

  @TimedPolicies
  void aReadAtTheDeadlineNeverSplitsAPutFromTheTimeItRead(Policy policy) throws Exception {
    HoldingTicker ticker = new HoldingTicker();
    Cache<Integer, Integer> cache =
        CacheBuilder.newBuilder()
            .policy(policy)
            .capacity(2)
            .ttl(Duration.ofNanos(TTL))
            .ticker(ticker)
            .build();
    cache.put(1, 1);
    ticker.now.set(TTL / 2);

    Thread putter = Thread.ofPlatform().unstarted(() -> cache.put(1, 2));
    ticker.holdNextReadOf.set(putter);
    putter.start();
    assertThat(ticker.taken.await(10, TimeUnit.SECONDS)).as("the put read the clock").isTrue();

    ticker.now.set(TTL);
    AtomicReference<Integer> read = new AtomicReference<>();
    Thread reader = Thread.ofPlatform().start(() -> read.set(cache.get(1)));
    reader.join(Duration.ofMillis(200)); // a read that can complete now, completes
    ticker.release.countDown();
    reader.join();
    putter.join();

    ticker.now.set(TTL + TTL / 2);
    Integer atTheLaterDeadline = cache.get(1);
    // Written at 5 (deadline 15): the read at 10 must see it. Written at 10: either read.
    if (atTheLaterDeadline == null) {
      assertThat(read.get()).as("the read at 10, of a put written at 5").isEqualTo(2);
    } else {
      assertThat(atTheLaterDeadline).isEqualTo(2);
      assertThat(read.get()).as("the read at 10").isIn(null, 2);
    }
  }
}
