package dev.purecache;

import java.util.concurrent.CountDownLatch;

/**
 * A manual ticker that blocks one chosen thread inside {@link #read}, once, until released: it
 * holds that thread at a known point of an operation (a clock read) while others run.
 */
final class SlowTicker implements Ticker {
  private final ManualTicker time = new ManualTicker();
  /** Counted down when the chosen thread enters {@link #read}. */
  final CountDownLatch entered = new CountDownLatch(1);
  /** Lets the chosen thread's clock read return. */
  final CountDownLatch release = new CountDownLatch(1);
  private volatile Thread slowFor;

  /** Makes the next clock read of {@code thread} block until {@link #release} is counted down. */
  void slowDown(Thread thread) {
    slowFor = thread;
  }

  @Override
  public long read() {
    if (Thread.currentThread() == slowFor) {
      slowFor = null;
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return time.read();
  }
}
