package dev.purecache.map;

import com.google.common.collect.testing.ConcurrentMapTestSuiteBuilder;
import com.google.common.collect.testing.TestStringMapGenerator;
import com.google.common.collect.testing.features.CollectionFeature;
import com.google.common.collect.testing.features.CollectionSize;
import com.google.common.collect.testing.features.MapFeature;
import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import junit.framework.Test;
import junit.framework.TestSuite;

/**
 * Guava's {@code ConcurrentMap} conformance suites (guava-testlib) run against {@link
 * Cache#asMap()} under every policy, with a capacity no test reaches and, where there is one, a
 * time to live no test outlives: the features a map view of a cache supports are those of {@link
 * java.util.concurrent.ConcurrentHashMap} (general purpose, no nulls, iterator removal), except
 * serialization.
 */
public final class MapViewTestlibTest {
  private static final int CAPACITY = 1_000;
  private static final Duration LONG_TTL = Duration.ofDays(1);

  private MapViewTestlibTest() {}

  /**
   * The suites, one per policy (JUnit 3 style, run by JUnit Vintage).
   *
   * @return every suite
   */
  public static Test suite() {
    TestSuite suite = new TestSuite("Cache.asMap() (guava-testlib ConcurrentMapTestSuiteBuilder)");
    suite.addTest(suiteFor("LRU", () -> CacheBuilder.newBuilder().policy(Policy.LRU).capacity(CAPACITY)));
    suite.addTest(suiteFor("LRU, 16 stripes",
        () -> CacheBuilder.newBuilder().policy(Policy.LRU).capacity(CAPACITY).stripes(16)));
    suite.addTest(suiteFor("LFU", () -> CacheBuilder.newBuilder().policy(Policy.LFU).capacity(CAPACITY)));
    suite.addTest(suiteFor("TTL", () -> CacheBuilder.newBuilder().policy(Policy.TTL).ttl(LONG_TTL)));
    suite.addTest(suiteFor("LRU_TTL",
        () -> CacheBuilder.newBuilder().policy(Policy.LRU_TTL).capacity(CAPACITY).ttl(LONG_TTL)));
    return suite;
  }

  private static Test suiteFor(String name, Supplier<CacheBuilder<Object, Object>> builder) {
    return ConcurrentMapTestSuiteBuilder.using(
            new TestStringMapGenerator() {
              @Override
              protected Map<String, String> create(Map.Entry<String, String>[] entries) {
                Cache<String, String> cache = builder.get().build();
                Map<String, String> map = cache.asMap();
                for (Map.Entry<String, String> entry : entries) {
                  map.put(entry.getKey(), entry.getValue());
                }
                return map;
              }
            })
        .named(name)
        .withFeatures(
            CollectionSize.ANY,
            MapFeature.GENERAL_PURPOSE,
            CollectionFeature.SUPPORTS_ITERATOR_REMOVE)
        .createTestSuite();
  }
}
