package dev.purecache.spring.boot;

import dev.purecache.micrometer.PurecacheMetrics;
import dev.purecache.spring.PurecacheCacheManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;
import org.springframework.boot.cache.metrics.CacheMetricsRegistrar;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of purecache caches when Micrometer, purecache-micrometer and Spring Boot's
 * cache module are on the class path (Spring Boot Actuator brings the registry). Boot's cache
 * metrics bind every cache that exists at start-up through {@link
 * PurecacheCacheMeterBinderProvider}; caches that a {@link PurecacheCacheManager} creates later
 * (on first use of a name) are bound as they are created, with the same tags ({@code cache},
 * {@code name}, {@code cache.manager}).
 */
@AutoConfiguration(
    after = PurecacheCacheAutoConfiguration.class,
    beforeName = "org.springframework.boot.cache.autoconfigure.metrics.CacheMetricsAutoConfiguration")
@ConditionalOnClass({
  MeterRegistry.class,
  PurecacheMetrics.class,
  CacheMeterBinderProvider.class,
  PurecacheCacheManager.class
})
public class PurecacheCacheMetricsAutoConfiguration {
  private static final String MANAGER_SUFFIX = "cacheManager";

  /** Creates the auto-configuration. */
  public PurecacheCacheMetricsAutoConfiguration() {}

  /**
   * The binder provider that Boot's cache metrics use for purecache caches.
   *
   * @return the provider
   */
  @Bean
  @ConditionalOnMissingBean
  public PurecacheCacheMeterBinderProvider purecacheCacheMeterBinderProvider() {
    return new PurecacheCacheMeterBinderProvider();
  }

  /**
   * Binds the caches that purecache managers create after start-up.
   *
   * @param registrar Boot's cache metrics registrar, when cache metrics are on
   * @param registry the meter registry
   * @param managers the purecache cache managers by bean name
   * @return the initializer that installs the binding
   */
  @Bean
  public static SmartInitializingSingleton purecacheLateCacheMetrics(
      ObjectProvider<CacheMetricsRegistrar> registrar,
      ObjectProvider<MeterRegistry> registry,
      ObjectProvider<Map<String, PurecacheCacheManager>> managers) {
    return () -> {
      CacheMetricsRegistrar metrics = registrar.getIfAvailable();
      MeterRegistry meters = registry.getIfAvailable();
      if (metrics == null || meters == null) {
        return;
      }
      managers
          .getIfAvailable(Map::of)
          .forEach(
              (beanName, manager) -> {
                String managerName = managerName(beanName);
                Tag tag = Tag.of("cache.manager", managerName);
                manager.addCacheCreationListener(cache -> metrics.bindCacheToRegistry(cache, tag));
                // caches created after Boot bound the start-up ones and before this listener
                for (String name : manager.getCacheNames()) {
                  boolean bound =
                      meters.find("cache.size").tags("cache", name, "cache.manager", managerName).gauge()
                          != null;
                  if (!bound) {
                    metrics.bindCacheToRegistry(manager.getCache(name), tag);
                  }
                }
              });
    };
  }

  /** The cache manager tag as Boot writes it: the bean name without a "cacheManager" suffix. */
  private static String managerName(String beanName) {
    int cut = beanName.length() - MANAGER_SUFFIX.length();
    if (cut > 0 && beanName.regionMatches(true, cut, MANAGER_SUFFIX, 0, MANAGER_SUFFIX.length())) {
      return beanName.substring(0, cut);
    }
    return beanName;
  }
}
