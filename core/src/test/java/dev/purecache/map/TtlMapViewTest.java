package dev.purecache.map;

import dev.purecache.Policy;
import junit.framework.Test;

/** guava-testlib's {@code ConcurrentMap} suite for the map view of a TTL cache. */
public final class TtlMapViewTest {
  private TtlMapViewTest() {}

  /**
   * The suite.
   *
   * @return the suite
   */
  public static Test suite() {
    return MapViewTestlib.suiteFor("TTL", () -> MapViewTestlib.unboundedEnough(Policy.TTL));
  }
}
