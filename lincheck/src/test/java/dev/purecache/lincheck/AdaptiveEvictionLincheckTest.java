package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The ADAPTIVE backend with capacity 1, against {@link CacheModel.AdaptiveSingle}: a full cache
 * holds one entry and never evicts the key being inserted, so every insert of another key evicts
 * that one entry and the model has no choice of victim. Lock-free hits race here with the
 * eviction of the very entry they read.
 */
public class AdaptiveEvictionLincheckTest extends CacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.ADAPTIVE, 1, 0, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.AdaptiveSingle.class;
  }

  /** Six iterations instead of eight: keeps the run under about a minute on two loaded cores. */
  @Override
  protected ModelCheckingOptions modelChecking() {
    return super.modelChecking().iterations(6);
  }
}
