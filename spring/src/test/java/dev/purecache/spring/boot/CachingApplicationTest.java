package dev.purecache.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.spring.PurecacheCache;
import dev.purecache.spring.PurecacheCacheManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.cache.actuate.endpoint.CachesEndpoint;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.CachePut;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring Boot application context with every auto-configuration on the class path (Actuator
 * included), found through the module's {@code AutoConfiguration.imports}.
 */
@SpringBootTest(
    classes = CachingApplicationTest.App.class,
    properties = {
      "purecache.spec=capacity=1000,stats",
      "purecache.caches.products.spec=policy=lru,capacity=100,stats",
      "management.endpoints.web.exposure.include=caches,metrics"
    })
class CachingApplicationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableAutoConfiguration
  @EnableCaching
  static class App {
    @Bean
    ProductService productService() {
      return new ProductService();
    }
  }

  record Product(int id, String name) {}

  static class ProductService {
    // the test reaches the service through its caching proxy: state only through methods
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public int calls(String method) {
      return calls.computeIfAbsent(method, m -> new AtomicInteger()).get();
    }

    public void reset(CountDownLatch gate) {
      calls.clear();
      this.gate = gate;
    }

    private void count(String method) {
      calls.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    }

    private void awaitGate() {
      try {
        assertThat(gate.await(10, TimeUnit.SECONDS)).as("gate opened").isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }

    @Cacheable("products")
    public Product find(int id) {
      count("find");
      return new Product(id, "product " + id);
    }

    @CachePut(cacheNames = "products", key = "#p0.id")
    public Product save(Product product) {
      count("save");
      return product;
    }

    @CacheEvict("products")
    public void remove(int id) {
      count("remove");
    }

    @CacheEvict(cacheNames = "products", allEntries = true)
    public void removeAll() {}

    @Cacheable("absent")
    public String absent(int id) {
      count("absent");
      return null;
    }

    @Cacheable(cacheNames = "slow", sync = true)
    public String slow(int id) {
      count("slow");
      awaitGate();
      return "value " + id;
    }

    private volatile CompletableFuture<String> pending = new CompletableFuture<>();

    public void pending(CompletableFuture<String> future) {
      this.pending = future;
    }

    @Cacheable(cacheNames = "async", sync = true)
    public CompletableFuture<String> async(int id) {
      count("async");
      return pending;
    }

    @Cacheable(cacheNames = "failing", sync = true)
    public String failing(int id) {
      count("failing");
      awaitGate();
      throw new IllegalStateException("repository down for " + id);
    }
  }

  @Autowired ProductService service;
  @Autowired CacheManager cacheManager;
  @Autowired MeterRegistry registry;
  @Autowired CachesEndpoint cachesEndpoint;
  @Autowired MetricsEndpoint metricsEndpoint;

  @BeforeEach
  void reset() {
    service.reset(new CountDownLatch(0));
    for (String name : cacheManager.getCacheNames()) {
      cacheManager.getCache(name).clear();
    }
  }

  private dev.purecache.Cache<Object, Object> nativeCache(String name) {
    return ((PurecacheCache) cacheManager.getCache(name)).getNativeCache();
  }

  /** Waits until the cache has counted {@code n} more misses than {@code before}. */
  private void awaitMisses(String cache, long before, long n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (nativeCache(cache).stats().missCount() - before < n) {
      assertThat(System.nanoTime()).as("%d misses of %s", n, cache).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  @Test
  void theAutoConfiguredManagerIsPurecaches() {
    assertThat(cacheManager).isInstanceOf(PurecacheCacheManager.class);
  }

  @Test
  void cacheableCachePutAndCacheEvict() {
    assertThat(service.find(1)).isEqualTo(new Product(1, "product 1"));
    assertThat(service.find(1)).isEqualTo(new Product(1, "product 1"));
    assertThat(service.calls("find")).isEqualTo(1);

    service.save(new Product(1, "renamed"));
    assertThat(service.find(1)).isEqualTo(new Product(1, "renamed"));
    assertThat(service.calls("find")).isEqualTo(1);

    service.remove(1);
    assertThat(service.find(1)).isEqualTo(new Product(1, "product 1"));
    assertThat(service.calls("find")).isEqualTo(2);

    service.find(2);
    assertThat(service.calls("find")).isEqualTo(3);
    service.removeAll();
    service.find(1);
    service.find(2);
    assertThat(service.calls("find")).isEqualTo(5);
  }

  @Test
  void aNullResultIsCached() {
    assertThat(service.absent(7)).isNull();
    assertThat(service.absent(7)).isNull();
    assertThat(service.calls("absent")).isEqualTo(1);
  }

  @Test
  void syncCacheableRunsOncePerKeyUnderAThousandVirtualThreads() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    service.reset(gate);
    long before = nativeCache("slow").stats().missCount();
    int callers = 1_000;
    String[] results = new String[callers];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int caller = i;
      threads.add(Thread.ofVirtual().start(() -> results[caller] = service.slow(caller % 10)));
    }
    // every caller has reached the cache (the first of each key loads, the rest wait) ...
    awaitMisses("slow", before, callers);
    // ... and only then may the ten loads finish
    gate.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(service.calls("slow")).isEqualTo(10);
    for (int i = 0; i < callers; i++) {
      assertThat(results[i]).isEqualTo("value " + (i % 10));
    }
    assertThat(nativeCache("slow").size()).isEqualTo(10);
  }

  @Test
  void aSyncCompletableFutureMethodIsLoadedOnceWithoutBlockingItsCallers() throws Exception {
    CompletableFuture<String> source = new CompletableFuture<>();
    service.pending(source);
    long before = cacheManager.getCache("async") == null ? 0 : nativeCache("async").stats().missCount();
    List<CompletableFuture<String>> results = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      results.add(service.async(4)); // on this platform thread: returns before the value exists
    }
    awaitMisses("async", before, 100);
    assertThat(results).allSatisfy(f -> assertThat(f).isNotDone());
    source.complete("four");
    for (CompletableFuture<String> result : results) {
      assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("four");
    }
    assertThat(service.calls("async")).isEqualTo(1);
    assertThat(service.async(4)).isCompletedWithValue("four");
    assertThat(service.calls("async")).isEqualTo(1);
  }

  @Test
  void anExceptionReachesEveryCallerAndNothingIsCached() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    service.reset(gate);
    long before = nativeCache("failing").stats().missCount();
    int callers = 200;
    Throwable[] failures = new Throwable[callers];
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      int caller = i;
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      service.failing(3);
                    } catch (Throwable t) {
                      failures[caller] = t;
                    }
                  }));
    }
    awaitMisses("failing", before, callers);
    gate.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(service.calls("failing")).isEqualTo(1);
    assertThat(failures)
        .allSatisfy(
            t ->
                assertThat(t)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("repository down for 3"))
        .allSatisfy(t -> assertThat(t).isSameAs(failures[0]));
    assertThat(nativeCache("failing").containsKey(org.springframework.cache.interceptor.SimpleKeyGenerator.generateKey(3)))
        .isFalse();
    assertThat(cacheManager.getCache("failing").get(3)).isNull();

    Throwable next = null;
    try {
      service.failing(3);
    } catch (IllegalStateException e) {
      next = e;
    }
    assertThat(next).isNotNull().isNotSameAs(failures[0]);
    assertThat(service.calls("failing")).isEqualTo(2);
  }

  @Test
  void cachesShowUpInTheActuatorEndpoints() {
    service.find(1);
    service.find(1);
    service.find(2);
    service.absent(1); // a cache created on first use, after start-up

    assertThat(cachesEndpoint.caches().getCacheManagers().get("cacheManager").getCaches())
        .containsKeys("products", "absent");
    assertThat(cachesEndpoint.caches().getCacheManagers().get("cacheManager").getCaches().get("products").getTarget())
        .isEqualTo(nativeCache("products").getClass().getName());

    FunctionCounter hits = registry.find("cache.gets").tags("cache", "products", "result", "hit").functionCounter();
    FunctionCounter misses = registry.find("cache.gets").tags("cache", "products", "result", "miss").functionCounter();
    assertThat(hits).isNotNull();
    assertThat(hits.getId().getTag("cache.manager")).isEqualTo("cacheManager");
    assertThat(hits.count()).isEqualTo(nativeCache("products").stats().hitCount()).isPositive();
    assertThat(misses.count()).isEqualTo(nativeCache("products").stats().missCount());
    assertThat(registry.find("cache.size").tags("cache", "products").gauge().value()).isEqualTo(2.0);
    assertThat(registry.find("cache.size").tags("cache", "absent").gauge()).as("late cache bound").isNotNull();

    assertThat(metricsEndpoint.listNames().getNames()).contains("cache.gets", "cache.size", "cache.evictions");
    assertThat(metricsEndpoint.metric("cache.size", List.of("cache:products")).getMeasurements())
        .singleElement()
        .satisfies(sample -> assertThat(sample.getValue()).isEqualTo(2.0));
  }
}
