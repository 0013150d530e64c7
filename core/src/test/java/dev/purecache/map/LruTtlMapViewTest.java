package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of a LRU_TTL cache. */
public final class LruTtlMapViewTest {
  private LruTtlMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("LRU_TTL", () -> MapViewTestlib.unboundedEnough(Policy.LRU_TTL));
  }
}
