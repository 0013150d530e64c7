package dev.purecache.lincheck;

import dev.purecache.Ticker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A time source that moves only when a test advances it. */
public final class ManualTicker implements Ticker {
  private final AtomicLong nanos = new AtomicLong();

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Moves the time forward.
   *
   * @param millis milliseconds to add
   */
  public void advance(int millis) {
    nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
  }
}
