package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of a LFU cache. */
public final class LfuMapViewTest {
  private LfuMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("LFU", () -> MapViewTestlib.unboundedEnough(Policy.LFU));
  }
}
