package dev.purecache.examples.catalog;

import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A repository decorator for failure drills: it can make its next calls fail with {@link
 * RepositoryUnavailableException}, and it can hold calls at a gate until released, so that a
 * drill can gather many callers on one in-flight load before letting it finish.
 */
public final class FaultInjectingRepository implements ProductRepository {

  private final ProductRepository delegate;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile CountDownLatch gate;

  /**
   * Wraps a repository.
   *
   * @param delegate the repository that answers calls that are not failed
   */
  public FaultInjectingRepository(ProductRepository delegate) {
    this.delegate = delegate;
  }

  /**
   * Makes the next {@code count} calls fail.
   *
   * @param count how many calls to fail
   */
  public void failNext(int count) {
    failuresLeft.set(count);
  }

  /** Holds every call that starts from now on until {@link #release()}. */
  public void hold() {
    gate = new CountDownLatch(1);
  }

  /** Lets held calls, and calls that start from now on, go through. */
  public void release() {
    CountDownLatch held = gate;
    gate = null;
    if (held != null) {
      held.countDown();
    }
  }

  @Override
  public Optional<Product> findById(String id) {
    calls.incrementAndGet();
    CountDownLatch held = gate;
    if (held != null) {
      try {
        held.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new RepositoryUnavailableException("interrupted while held");
      }
    }
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new RepositoryUnavailableException("injected failure looking up " + id);
    }
    return delegate.findById(id);
  }

  /** Counts calls to this repository, failed and held ones included. */
  @Override
  public long callCount() {
    return calls.get();
  }
}
