package dev.purecache.lincheck;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * The shared Lincheck test plus an {@code advance(ms)} operation that moves the cache's time
 * source, so expiry (time to live {@value CacheLincheckTest#TTL_MILLIS} ms) is part of every
 * checked history.
 */
public abstract class ExpiringCacheLincheckTest extends CacheLincheckTest {

  @Operation
  public void advance(@Param(gen = IntGen.class, conf = "1:2") int millis) {
    ticker.advance(millis);
  }
}
