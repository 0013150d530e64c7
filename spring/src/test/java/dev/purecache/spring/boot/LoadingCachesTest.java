package dev.purecache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import dev.purecache.LoadingCache;
import dev.purecache.spring.PurecacheCache;
import dev.purecache.spring.PurecacheCacheManager;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.cache.autoconfigure.CacheAutoConfiguration;
import org.springframework.boot.cache.autoconfigure.CacheManagerCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Caches with a loader of their own, registered by name through a customizer, in an application
 * context configured by the auto-configuration.
 */
class LoadingCachesTest {
  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  PurecacheCacheAutoConfiguration.class, CacheAutoConfiguration.class))
          .withUserConfiguration(App.class);

  /** The data source the loader reads: counts its loads and holds them at a gate. */
  static final class PriceRepository {
    private final AtomicInteger loads = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    int loads() {
      return loads.get();
    }

    void hold(CountDownLatch gate) {
      this.gate = gate;
    }

    /** -1 fails unchecked, -2 fails checked, 0 has no price. */
    String price(int id) throws IOException, InterruptedException {
      loads.incrementAndGet();
      if (!gate.await(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("gate never opened");
      }
      return switch (id) {
        case -1 -> throw new IllegalStateException("no price for -1");
        case -2 -> throw new IOException("price service unreachable");
        case 0 -> null;
        default -> "price " + id;
      };
    }
  }

  static class CatalogService {
    private final AtomicInteger calls = new AtomicInteger();

    public int calls() {
      return calls.get();
    }

    @Cacheable("prices")
    public String price(int id) {
      calls.incrementAndGet();
      return "computed " + id;
    }

    @Cacheable("prices")
    public CompletableFuture<String> priceLater(int id) {
      calls.incrementAndGet();
      return CompletableFuture.completedFuture("computed " + id);
    }

    @Cacheable("own")
    public String own(int id) {
      calls.incrementAndGet();
      return "own " + id;
    }
  }

  @Configuration(proxyBeanMethods = false)
  @EnableCaching
  static class App {
    @Bean
    PriceRepository priceRepository() {
      return new PriceRepository();
    }

    @Bean
    CatalogService catalogService() {
      return new CatalogService();
    }

    @Bean
    Cache<Object, Object> ownCache() {
      return CacheBuilder.newBuilder().capacity(50).build();
    }

    @Bean
    CacheManagerCustomizer<PurecacheCacheManager> caches(
        PriceRepository repository, Cache<Object, Object> ownCache) {
      return manager -> {
        manager.registerCacheBuilder("prices", CacheBuilder.newBuilder().capacity(100).recordStats());
        manager.registerCacheLoader("prices", key -> repository.price((Integer) key));
        manager.registerCustomCache("own", ownCache);
      };
    }
  }

  private static PurecacheCache cache(AssertableApplicationContext context, String name) {
    return (PurecacheCache) context.getBean(CacheManager.class).getCache(name);
  }

  @Test
  void cacheableLookupsAndCacheGetAreServedByTheLoader() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          CatalogService service = context.getBean(CatalogService.class);
          PurecacheCache prices = cache(context, "prices");
          assertThat(prices.getNativeCache()).isInstanceOf(LoadingCache.class);
          assertThat(prices.getNativeCache().info().capacity()).hasValue(100);

          assertThat(service.price(5)).isEqualTo("price 5");
          assertThat(service.price(5)).isEqualTo("price 5");
          assertThat(repository.loads()).isEqualTo(1);
          assertThat(service.calls()).isZero();

          assertThat(prices.get(6)).isNotNull().extracting(w -> w.get()).isEqualTo("price 6");
          assertThat(prices.get(7, String.class)).isEqualTo("price 7");
          assertThat(prices.get(6).get()).isEqualTo("price 6");
          assertThat(repository.loads()).isEqualTo(3);
          assertThat(prices.getNativeCache().size()).isEqualTo(3);
        });
  }

  @Test
  void aLoaderWithoutAValueIsAMissAndTheMethodRuns() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          CatalogService service = context.getBean(CatalogService.class);
          PurecacheCache prices = cache(context, "prices");

          assertThat(prices.get(0)).isNull();
          assertThat(repository.loads()).isEqualTo(1);
          assertThat(service.price(0)).isEqualTo("computed 0"); // loader: no value; the method runs
          assertThat(service.price(0)).isEqualTo("computed 0"); // its result was cached
          assertThat(repository.loads()).isEqualTo(2);
          assertThat(service.calls()).isEqualTo(1);
        });
  }

  @Test
  void loaderExceptionsReachTheCallerAndNothingIsCached() {
    runner.run(
        context -> {
          CatalogService service = context.getBean(CatalogService.class);
          PurecacheCache prices = cache(context, "prices");

          assertThatThrownBy(() -> service.price(-1))
              .isExactlyInstanceOf(IllegalStateException.class)
              .hasMessage("no price for -1");
          assertThatThrownBy(() -> prices.get(-1))
              .isExactlyInstanceOf(IllegalStateException.class)
              .hasMessage("no price for -1");
          assertThatThrownBy(() -> service.price(-2))
              .isInstanceOf(CacheLoadException.class)
              .cause()
              .isExactlyInstanceOf(IOException.class)
              .hasMessage("price service unreachable");
          assertThatThrownBy(() -> prices.get(-2, String.class))
              .isInstanceOf(CacheLoadException.class)
              .hasCauseExactlyInstanceOf(IOException.class);
          assertThat(prices.getNativeCache().size()).isZero();
          assertThat(service.calls()).isZero();
        });
  }

  @Test
  void retrieveLoadsWithoutBlockingThePlatformThread() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          PurecacheCache prices = cache(context, "prices");
          CountDownLatch gate = new CountDownLatch(1);
          repository.hold(gate);

          // this test's platform thread gets futures back while every load is held at the gate
          CompletableFuture<?> value = prices.retrieve(8);
          CompletableFuture<?> none = prices.retrieve(0);
          CompletableFuture<?> failed = prices.retrieve(-1);
          assertThat(List.of(value, none, failed)).allSatisfy(f -> assertThat(f).isNotDone());
          gate.countDown();

          assertThat(value.get(10, TimeUnit.SECONDS))
              .isInstanceOfSatisfying(
                  org.springframework.cache.Cache.ValueWrapper.class,
                  w -> assertThat(w.get()).isEqualTo("price 8"));
          assertThat(none.get(10, TimeUnit.SECONDS)).as("a miss found late").isNull();
          assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS))
              .isInstanceOf(ExecutionException.class)
              .cause()
              .isExactlyInstanceOf(IllegalStateException.class)
              .hasMessage("no price for -1");
          assertThat(prices.retrieve(8)).isCompleted(); // now a hit, answered at once
          assertThat(repository.loads()).isEqualTo(3);
        });
  }

  @Test
  void getWithACallableAndRetrieveWithASupplierLoadWithTheirFunctionNotTheLoader() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          PurecacheCache prices = cache(context, "prices");
          CountDownLatch gate = new CountDownLatch(1);
          repository.hold(gate); // the loader would hold this thread until the gate's timeout

          CompletableFuture<String> supplied =
              prices.retrieve(11, () -> CompletableFuture.completedFuture("supplied 11"));
          assertThat(supplied.get(10, TimeUnit.SECONDS)).isEqualTo("supplied 11");
          assertThat(prices.get(12, () -> "called 12")).isEqualTo("called 12");
          assertThat(prices.get(11).get()).isEqualTo("supplied 11");
          assertThat(repository.loads()).isZero();
          gate.countDown();
        });
  }

  @Test
  void aCompletableFutureCacheableIsServedByTheLoader() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          CatalogService service = context.getBean(CatalogService.class);

          assertThat(service.priceLater(9).get(10, TimeUnit.SECONDS)).isEqualTo("price 9");
          assertThat(service.priceLater(0).get(10, TimeUnit.SECONDS)).isEqualTo("computed 0");
          assertThat(repository.loads()).isEqualTo(2);
          assertThat(service.calls()).isEqualTo(1);
        });
  }

  @Test
  void aRegisteredCacheKeepsItsIdentity() {
    runner.run(
        context -> {
          @SuppressWarnings("unchecked")
          Cache<Object, Object> own = context.getBean("ownCache", Cache.class);
          CatalogService service = context.getBean(CatalogService.class);
          assertThat(cache(context, "own").getNativeCache()).isSameAs(own);

          assertThat(service.own(1)).isEqualTo("own 1");
          assertThat(service.own(1)).isEqualTo("own 1");
          assertThat(service.calls()).isEqualTo(1);
          assertThat(own.get(1)).isEqualTo("own 1");
          assertThat(own.info().capacity()).hasValue(50);
        });
  }

  @Test
  void aThousandVirtualThreadsOverTenKeysMakeExactlyTenLoads() {
    runner.run(
        context -> {
          PriceRepository repository = context.getBean(PriceRepository.class);
          CatalogService service = context.getBean(CatalogService.class);
          Cache<Object, Object> prices = cache(context, "prices").getNativeCache();
          CountDownLatch gate = new CountDownLatch(1);
          repository.hold(gate);
          int callers = 1_000;
          String[] results = new String[callers];
          List<Thread> threads = new ArrayList<>();
          for (int i = 0; i < callers; i++) {
            int caller = i;
            threads.add(
                Thread.ofVirtual().start(() -> results[caller] = service.price(1 + caller % 10)));
          }
          // every caller has missed (ten of them started loads, the rest joined one) ...
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while (prices.stats().missCount() < callers) {
            assertThat(System.nanoTime()).as("%d misses", callers).isLessThan(deadline);
            Thread.sleep(1);
          }
          // ... and only then may the loads finish
          gate.countDown();
          for (Thread thread : threads) {
            thread.join();
          }
          assertThat(repository.loads()).isEqualTo(10);
          assertThat(service.calls()).isZero();
          for (int i = 0; i < callers; i++) {
            assertThat(results[i]).isEqualTo("price " + (1 + i % 10));
          }
          assertThat(prices.size()).isEqualTo(10);
        });
  }
}
