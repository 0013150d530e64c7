package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of a LRU cache. */
public final class LruMapViewTest {
  private LruMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("LRU", () -> MapViewTestlib.unboundedEnough(Policy.LRU));
  }
}
