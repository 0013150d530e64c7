package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;

/** The LRU backend, capacity 2, against {@link CacheModel.Lru}. */
public class LruLincheckTest extends CacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.LRU, CAPACITY, 0, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.Lru.class;
  }
}
