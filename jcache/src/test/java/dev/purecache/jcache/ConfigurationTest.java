package dev.purecache.jcache;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import dev.purecache.jcache.PureJCacheTest.ExpiredRecorder;
import dev.purecache.jcache.management.PureCacheStatistics;
import java.util.Set;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.Caching;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.FactoryBuilder;
import javax.cache.configuration.MutableCacheEntryListenerConfiguration;
import javax.cache.configuration.MutableConfiguration;
import org.junit.After;
import org.junit.Test;

/**
 * {@link Cache#getConfiguration}: what it returns is the cache's configuration at the call,
 * detached from the cache, and the statistics flag it shows is the one the cache counts by.
 */
public class ConfigurationTest {
  private final CacheManager manager = Caching.getCachingProvider().getCacheManager();

  @After
  public void destroy() {
    for (String name : manager.getCacheNames()) {
      manager.destroyCache(name);
    }
  }

  private Cache<String, String> newCache() {
    MutableConfiguration<String, String> config = new MutableConfiguration<>();
    config.setTypes(String.class, String.class);
    return manager.createCache("configured", config);
  }

  private static PureCacheStatistics statisticsOf(Cache<?, ?> cache) {
    return cache.unwrap(PureJCache.class).statistics();
  }

  @Test
  public void changingTheReturnedConfigurationChangesNothingInTheCache() {
    Cache<String, String> cache = newCache();
    @SuppressWarnings("unchecked")
    MutableConfiguration<String, String> returned =
        cache.getConfiguration(MutableConfiguration.class);
    returned.setStatisticsEnabled(true);
    returned.setManagementEnabled(true);
    returned.setReadThrough(true);
    returned.addCacheEntryListenerConfiguration(
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(ExpiredRecorder.class), null, true, true));

    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> now =
        cache.getConfiguration(CompleteConfiguration.class);
    assertFalse(now.isStatisticsEnabled());
    assertFalse(now.isManagementEnabled());
    assertFalse(now.isReadThrough());
    assertFalse(now.getCacheEntryListenerConfigurations().iterator().hasNext());
    cache.put("k", "v");
    cache.get("k");
    assertEquals(0, statisticsOf(cache).getCacheGets());
  }

  @Test
  public void theStatisticsFlagShownIsTheOneTheCacheCountsBy() {
    Cache<String, String> cache = newCache();
    manager.enableStatistics(cache.getName(), true);
    assertTrue(cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
    assertTrue(cache.unwrap(PureJCache.class).mxBean().isStatisticsEnabled());
    cache.get("absent");
    assertEquals(1, statisticsOf(cache).getCacheMisses());

    manager.enableStatistics(cache.getName(), false);
    assertFalse(cache.getConfiguration(CompleteConfiguration.class).isStatisticsEnabled());
    assertFalse(cache.unwrap(PureJCache.class).mxBean().isStatisticsEnabled());
    cache.get("absent");
    assertEquals(1, statisticsOf(cache).getCacheMisses());
  }

  @Test
  public void aListenerRegisteredLaterShowsInTheNextConfigurationOnly() {
    Cache<String, String> cache = newCache();
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> before =
        cache.getConfiguration(CompleteConfiguration.class);
    CacheEntryListenerConfiguration<String, String> listener =
        new MutableCacheEntryListenerConfiguration<String, String>(
            FactoryBuilder.factoryOf(ExpiredRecorder.class), null, true, true);
    cache.registerCacheEntryListener(listener);
    assertFalse(before.getCacheEntryListenerConfigurations().iterator().hasNext());
    @SuppressWarnings("unchecked")
    CompleteConfiguration<String, String> after =
        cache.getConfiguration(CompleteConfiguration.class);
    assertEquals(Set.of(listener), toSet(after.getCacheEntryListenerConfigurations()));
  }

  private static <T> Set<T> toSet(Iterable<T> items) {
    Set<T> set = new java.util.HashSet<>();
    items.forEach(set::add);
    return set;
  }
}
