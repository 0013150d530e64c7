package dev.purecache.lincheck;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * The ADAPTIVE backend (lock-free hits, no read validation) with room for all four keys of the
 * operations, against {@link CacheModel.AdaptiveRoomy}: a plain map, since nothing is ever
 * evicted. Which entry a full ADAPTIVE cache evicts is the policy's choice, so a model cannot
 * predict it; {@link AdaptiveEvictionLincheckTest} checks eviction where there is no choice.
 */
public class AdaptiveLincheckTest extends CacheLincheckTest {
  /** The number of keys the operations use (1 to 4), and this test's capacity. */
  static final int KEYS = 4;

  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return build(Policy.ADAPTIVE, KEYS, 0, ticker, loads);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.AdaptiveRoomy.class;
  }

  /** Six iterations instead of eight: keeps the run under about a minute on two loaded cores. */
  @Override
  protected ModelCheckingOptions modelChecking() {
    return super.modelChecking().iterations(6);
  }
}
