package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of an ADAPTIVE cache. */
public final class AdaptiveMapViewTest {
  private AdaptiveMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("ADAPTIVE", () -> MapViewTestlib.unboundedEnough(Policy.ADAPTIVE));
  }
}
