package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The ADAPTIVE backend with a time to live (validated reads, puts under the lock, a write order)
 * and room for all four keys of the operations, against {@link CacheModel.UnboundedTtl}: with
 * nothing evicted for size, it is a map whose entries expire a fixed time after their last write.
 */
public class AdaptiveTtlLincheckTest extends ExpiringCacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.ADAPTIVE, AdaptiveLincheckTest.KEYS, TTL_MILLIS, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.UnboundedTtl.class;
  }

  /** Six iterations instead of eight, as for the other ADAPTIVE test. */
  @Override
  protected ModelCheckingOptions modelChecking() {
    return super.modelChecking().iterations(6);
  }
}
