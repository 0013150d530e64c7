package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;

/**
 * The TTL backend without a size bound (16 stripes by default, so {@code size()} locks them all),
 * against {@link CacheModel.UnboundedTtl}.
 */
public class UnboundedTtlLincheckTest extends ExpiringCacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.TTL, Integer.MAX_VALUE, TTL_MILLIS, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.UnboundedTtl.class;
  }
}
