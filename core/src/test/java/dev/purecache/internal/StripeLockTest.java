package dev.purecache.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stripe's lock: spin, then park; reentrant like any {@code ReentrantLock}. */
class StripeLockTest {
  private final Stripe<String, String> stripe = new Stripe<>(new LruPolicy<>(), 4);

  @Test
  void isReentrant() {
    stripe.lock();
    stripe.lock();
    assertThat(stripe.getHoldCount()).isEqualTo(2);
    stripe.unlock();
    stripe.unlock();
    assertThat(stripe.isLocked()).isFalse();
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aPlatformThreadParksAfterItsSpinAndGetsTheLockOnRelease() throws InterruptedException {
    waitsThenAcquires(Thread.ofPlatform().unstarted(this::lockAndRelease));
  }

  @Test
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void aVirtualThreadParksAfterItsSpinAndGetsTheLockOnRelease() throws InterruptedException {
    waitsThenAcquires(Thread.ofVirtual().unstarted(this::lockAndRelease));
  }

  private final AtomicBoolean acquired = new AtomicBoolean();

  private void lockAndRelease() {
    stripe.lock();
    try {
      acquired.set(true);
    } finally {
      stripe.unlock();
    }
  }

  private void waitsThenAcquires(Thread waiter) throws InterruptedException {
    stripe.lock();
    try {
      waiter.start();
      // A bounded spin ends in the lock's queue; an unbounded one would never get there.
      while (!stripe.hasQueuedThread(waiter)) {
        Thread.onSpinWait();
      }
      assertThat(acquired).isFalse();
    } finally {
      stripe.unlock();
    }
    waiter.join();
    assertThat(acquired).isTrue();
    assertThat(stripe.isLocked()).isFalse();
  }
}
