package dev.purecache.spring.boot;

import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoader;
import dev.purecache.spring.PurecacheCacheManager;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizers;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.CacheManager;
import org.springframework.cache.interceptor.CacheAspectSupport;
import org.springframework.context.annotation.Bean;

/**
 * Spring Boot auto-configuration of a {@link PurecacheCacheManager}. Active when purecache-spring
 * and Spring Boot's cache module ({@code spring-boot-starter-cache}) are on the class path, the
 * application has {@code @EnableCaching}, and it defines no {@link CacheManager} (nor a {@code
 * cacheResolver} bean) of its own. It runs before Boot's own cache auto-configuration, which then
 * backs off.
 *
 * <p>The manager reads {@link PurecacheProperties} ({@code purecache.*}). Without {@code
 * purecache.spec}, a {@code CacheBuilder<Object, Object>} bean, if the application defines one,
 * is the default builder. If the application defines exactly one {@code CacheLoader<Object,
 * Object>} bean, it is the default loader ({@link PurecacheCacheManager#setCacheLoader}): every
 * cache not registered otherwise loads its misses with it. Every {@code
 * CacheManagerCustomizer<PurecacheCacheManager>} bean is applied last: that is where an
 * application registers a {@code Cache}, a {@code CacheBuilder} or a {@code CacheLoader} of its
 * own for a name.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration")
@ConditionalOnClass({CacheManager.class, dev.purecache.Cache.class, CacheManagerCustomizer.class})
@ConditionalOnBean(CacheAspectSupport.class)
@ConditionalOnMissingBean(value = CacheManager.class, name = "cacheResolver")
@EnableConfigurationProperties(PurecacheProperties.class)
public class PurecacheCacheAutoConfiguration {

  /** Creates the auto-configuration. */
  public PurecacheCacheAutoConfiguration() {}

  /**
   * The cache manager.
   *
   * @param properties the {@code purecache.*} properties
   * @param builder a default {@code CacheBuilder}, if the application defines one
   * @param loader a default {@code CacheLoader}, used if the application defines exactly one
   * @param customizers the application's cache manager customizers
   * @return the manager
   * @throws IllegalArgumentException if a spec property is invalid; the message names the
   *     property and the bad part
   */
  @Bean
  public PurecacheCacheManager cacheManager(
      PurecacheProperties properties,
      ObjectProvider<CacheBuilder<Object, Object>> builder,
      ObjectProvider<CacheLoader<Object, Object>> loader,
      ObjectProvider<CacheManagerCustomizer<?>> customizers) {
    PurecacheCacheManager manager = new PurecacheCacheManager();
    manager.setAllowNullValues(properties.isAllowNullValues());
    loader.ifUnique(manager::setCacheLoader);
    if (properties.getSpec() != null) {
      withProperty("purecache.spec", () -> manager.setCacheSpecification(properties.getSpec()));
    } else {
      builder.ifAvailable(manager::setCacheBuilder);
    }
    for (Map.Entry<String, PurecacheProperties.CacheProperties> cache :
        properties.getCaches().entrySet()) {
      String spec = cache.getValue().getSpec();
      if (spec != null) {
        withProperty(
            "purecache.caches." + cache.getKey() + ".spec",
            () -> manager.registerCacheSpecification(cache.getKey(), spec));
      }
    }
    if (!properties.getCacheNames().isEmpty()) {
      manager.setCacheNames(properties.getCacheNames());
    }
    return new CacheManagerCustomizers(customizers.orderedStream().toList()).customize(manager);
  }

  private static void withProperty(String property, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      // the message carries the whole story; a cause would only repeat it at the bottom of the trace
      throw new IllegalArgumentException(property + ": " + e.getMessage());
    }
  }
}
