package dev.purecache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoader;
import dev.purecache.LoadingCache;
import dev.purecache.spring.PurecacheCache;
import dev.purecache.spring.PurecacheCacheManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PurecacheCacheAutoConfigurationTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PurecacheCacheAutoConfiguration.class, CacheAutoConfiguration.class));

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Caching {}

  @Configuration(proxyBeanMethods = false)
  static class NoCaching {}

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class OwnManager {
    @Bean
    CacheManager ownCacheManager() {
      return new ConcurrentMapCacheManager();
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class DefaultBuilder {
    @Bean
    CacheBuilder<Object, Object> purecacheBuilder() {
      return CacheBuilder.newBuilder().capacity(2);
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class Customized {
    static final Cache<Object, Object> OWN = CacheBuilder.newBuilder().capacity(7).build();

    @Bean
    CacheManagerCustomizer<PurecacheCacheManager> registerOwn() {
      return manager -> {
        manager.registerCustomCache("own", OWN);
        manager.registerCacheBuilder("built", CacheBuilder.newBuilder().capacity(1));
      };
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class OneLoader {
    @Bean
    CacheLoader<Object, Object> purecacheLoader() {
      return key -> "loaded " + key;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class TwoLoaders {
    @Bean
    CacheLoader<Object, Object> firstLoader() {
      return key -> "first " + key;
    }

    @Bean
    CacheLoader<Object, Object> secondLoader() {
      return key -> "second " + key;
    }
  }

  private static int sizeAfterPutting(CacheManager manager, String name, int entries) {
    org.springframework.cache.Cache cache = manager.getCache(name);
    for (int i = 0; i < entries; i++) {
      cache.put(i, i);
    }
    return ((PurecacheCache) cache).getNativeCache().size();
  }

  @Test
  void onWithEnableCaching() {
    runner
        .withUserConfiguration(Caching.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CacheManager.class);
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager).isInstanceOf(PurecacheCacheManager.class);
              assertThat(manager.getCache("anything")).isInstanceOf(PurecacheCache.class);
            });
  }

  @Test
  void offWithoutEnableCaching() {
    runner
        .withUserConfiguration(NoCaching.class)
        .run(context -> assertThat(context).doesNotHaveBean(CacheManager.class));
  }

  @Test
  void offWhenTheApplicationHasACacheManager() {
    runner
        .withUserConfiguration(OwnManager.class)
        .run(
            context -> {
              assertThat(context).hasSingleBean(CacheManager.class);
              assertThat(context).doesNotHaveBean(PurecacheCacheManager.class);
            });
  }

  @Test
  void offWithoutBootsCacheModule() {
    runner
        .withClassLoader(new FilteredClassLoader(CacheManagerCustomizer.class))
        .withUserConfiguration(Caching.class)
        .run(context -> assertThat(context).doesNotHaveBean(PurecacheCacheManager.class));
  }

  @Test
  void properties() {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues(
            "purecache.spec=policy=lru,capacity=3",
            "purecache.cache-names=a,b",
            "purecache.caches.small.spec=capacity=1,stats",
            "purecache.allow-null-values=false")
        .run(
            context -> {
              PurecacheCacheManager manager = context.getBean(PurecacheCacheManager.class);
              assertThat(manager.getCacheNames()).containsExactlyInAnyOrder("a", "b", "small");
              assertThat(manager.getCache("c")).isNull();
              assertThat(sizeAfterPutting(manager, "a", 10)).isEqualTo(3);
              assertThat(sizeAfterPutting(manager, "small", 10)).isEqualTo(1);
              PurecacheCache small = (PurecacheCache) manager.getCache("small");
              small.get(9);
              assertThat(small.getNativeCache().stats().hitCount()).isEqualTo(1);
              assertThat(small.isAllowNullValues()).isFalse();
            });
  }

  @Test
  void withoutCacheNamesCachesAreCreatedOnFirstUse() {
    runner
        .withUserConfiguration(Caching.class)
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              assertThat(manager.getCacheNames()).isEmpty();
              assertThat(manager.getCache("late")).isNotNull();
              assertThat(manager.getCacheNames()).containsExactly("late");
            });
  }

  @Test
  void aBadSpecPropertyFailsStartupNamingPropertyAndPart() {
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("purecache.caches.users.spec=capacity=100,ttl=5 minutes")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith(
                        "purecache.caches.users.spec: purecache spec 'capacity=100,ttl=5 minutes': "
                            + "'ttl=5 minutes' is not a duration"));
    runner
        .withUserConfiguration(Caching.class)
        .withPropertyValues("purecache.spec=policy=random,capacity=5")
        .run(
            context ->
                assertThat(context)
                    .hasFailed()
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("purecache.spec: ")
                    .hasMessageContaining("unknown policy 'policy=random'"));
  }

  @Test
  void aCacheBuilderBeanIsTheDefaultUnlessASpecIsSet() {
    runner
        .withUserConfiguration(DefaultBuilder.class)
        .run(context -> assertThat(sizeAfterPutting(context.getBean(CacheManager.class), "x", 5)).isEqualTo(2));
    runner
        .withUserConfiguration(DefaultBuilder.class)
        .withPropertyValues("purecache.spec=capacity=4")
        .run(context -> assertThat(sizeAfterPutting(context.getBean(CacheManager.class), "x", 9)).isEqualTo(4));
  }

  @Test
  void aSingleCacheLoaderBeanLoadsEveryCache() {
    runner
        .withUserConfiguration(OneLoader.class)
        .withPropertyValues("purecache.caches.b.spec=capacity=5")
        .run(
            context -> {
              CacheManager manager = context.getBean(CacheManager.class);
              for (String name : new String[] {"a", "b", "created-later"}) {
                PurecacheCache cache = (PurecacheCache) manager.getCache(name);
                assertThat(cache.getNativeCache()).as(name).isInstanceOf(LoadingCache.class);
                assertThat(cache.get(3).get()).as(name).isEqualTo("loaded 3");
              }
            });
  }

  @Test
  void twoCacheLoaderBeansAreNotUsed() {
    runner
        .withUserConfiguration(TwoLoaders.class)
        .run(
            context -> {
              PurecacheCache cache = (PurecacheCache) context.getBean(CacheManager.class).getCache("x");
              assertThat(cache.getNativeCache()).isNotInstanceOf(LoadingCache.class);
              assertThat(cache.get(3)).isNull();
            });
  }

  @Test
  void customizersRegisterCachesAndBuildersByName() {
    runner
        .withUserConfiguration(Customized.class)
        .run(
            context -> {
              PurecacheCacheManager manager = context.getBean(PurecacheCacheManager.class);
              assertThat(((PurecacheCache) manager.getCache("own")).getNativeCache())
                  .isSameAs(Customized.OWN);
              assertThat(sizeAfterPutting(manager, "built", 5)).isEqualTo(1);
            });
  }
}
