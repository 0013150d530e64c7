package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;

/**
 * The TTL backend bounded to capacity 2 (evicting the oldest write when full), against {@link
 * CacheModel.Ttl}.
 */
public class TtlLincheckTest extends ExpiringCacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.TTL, CAPACITY, TTL_MILLIS, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.Ttl.class;
  }
}
