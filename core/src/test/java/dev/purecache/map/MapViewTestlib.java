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

/**
 * Guava's {@code ConcurrentMap} conformance suites (guava-testlib) for {@link Cache#asMap()}, one
 * test class per policy (JUnit 3 style, run by JUnit Vintage), each with a capacity no test
 * reaches and, where there is one, a time to live no test outlives. The features a map view of a
 * cache supports are those of {@link java.util.concurrent.ConcurrentHashMap} (general purpose, no
 * nulls, iterator removal), except serialization.
 */
public final class MapViewTestlib {
  private static final int CAPACITY = 1_000;
  private static final Duration LONG_TTL = Duration.ofDays(1);

  private MapViewTestlib() {}

  /** A cache of {@code policy} that no test of the suite fills or outlives. */
  static CacheBuilder<Object, Object> unboundedEnough(Policy policy) {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder().policy(policy);
    if (policy != Policy.TTL) {
      builder.capacity(CAPACITY);
    }
    if (policy == Policy.TTL || policy == Policy.LRU_TTL) {
      builder.ttl(LONG_TTL);
    }
    return builder;
  }

  /** The suite of a map view of caches that {@code builder} builds. */
  static Test suiteFor(String name, Supplier<CacheBuilder<Object, Object>> builder) {
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
