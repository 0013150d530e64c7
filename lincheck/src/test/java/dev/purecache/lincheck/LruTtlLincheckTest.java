package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;

/** The LRU+TTL backend, capacity 2, against {@link CacheModel.LruTtl}. */
public class LruTtlLincheckTest extends ExpiringCacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.LRU_TTL, CAPACITY, TTL_MILLIS, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.LruTtl.class;
  }
}
