package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of a LRU, 16 stripes cache. */
public final class LruStripedMapViewTest {
  private LruStripedMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("LRU, 16 stripes", () -> MapViewTestlib.unboundedEnough(Policy.LRU).stripes(16));
  }
}
