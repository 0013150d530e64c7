package dev.purecache.lincheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.purecache.Cache;
import dev.purecache.LoadEngine;
import dev.purecache.Ticker;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Shows that the ADAPTIVE eviction test can fail: the same operations, options and capacity-1
 * model, run against {@link LateUnmapCache}, must be reported as not linearizable.
 */
public class BrokenAdaptiveLincheckTest extends CacheLincheckTest {
  @Override
  protected Cache<Integer, Integer> newCache(Ticker ticker, LoadEngine loads) {
    return new LateUnmapCache(1);
  }

  @Override
  protected Class<? extends CacheModel> model() {
    return CacheModel.AdaptiveSingle.class;
  }

  @Override
  @Test
  void modelCheckingTest() {
    assertRejected(() -> modelChecking().check(getClass()));
  }

  /**
   * Not asserted: the window between the insert's unlock and the victim's removal is a few
   * instructions wide, and short stress runs on two cores did not hit it.
   */
  @Override
  @Test
  @Disabled("the model checker, not stress, is what must catch this variant")
  void stressTest() {}

  private static void assertRejected(Runnable check) {
    LincheckAssertionError error = catchThrowableOfType(LincheckAssertionError.class, check::run);
    assertThat(error).as("Lincheck must reject the broken cache").isNotNull();
    System.out.println(error.getMessage());
    assertThat(error).hasMessageContaining("Invalid execution results");
  }
}
