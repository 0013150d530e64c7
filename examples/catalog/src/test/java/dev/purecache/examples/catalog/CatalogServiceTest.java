package dev.purecache.examples.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CatalogServiceTest {

  private final AtomicLong now = new AtomicLong();
  private final Ticker ticker = now::get;

  private static CatalogSettings settings(boolean enabled) {
    return new CatalogSettings(enabled, Policy.LRU_TTL, 100, Duration.ofMinutes(10),
        Duration.ofSeconds(5), 50, Duration.ZERO, Duration.ZERO);
  }

  @Test
  void memoizesFoundProducts() {
    SlowProductRepository repository = settings(true).newRepository();
    CatalogService service = new CatalogService(settings(true), repository, ticker);

    assertThat(service.find("7")).isEqualTo(new Lookup.Found(SlowProductRepository.productFor(7)));
    assertThat(service.find("7")).isEqualTo(new Lookup.Found(SlowProductRepository.productFor(7)));

    assertThat(repository.callCount()).isEqualTo(1);
    assertThat(service.cacheStats().hitCount()).isEqualTo(1);
    assertThat(service.cacheStats().missCount()).isEqualTo(1);
  }

  @Test
  void unknownIdIsCachedAsMissUntilTheMissTtlEnds() {
    SlowProductRepository repository = settings(true).newRepository();
    CatalogService service = new CatalogService(settings(true), repository, ticker);

    assertThat(service.find("51")).isEqualTo(new Lookup.NotFound("51"));
    assertThat(service.find("51")).isEqualTo(new Lookup.NotFound("51"));
    assertThat(repository.callCount()).isEqualTo(1);

    now.addAndGet(Duration.ofSeconds(5).toNanos() - 1);
    assertThat(service.find("51")).isEqualTo(new Lookup.NotFound("51"));
    assertThat(repository.callCount()).isEqualTo(1);

    now.addAndGet(1);
    assertThat(service.find("51")).isEqualTo(new Lookup.NotFound("51"));
    assertThat(repository.callCount()).isEqualTo(2);
  }

  @Test
  void invalidateCausesExactlyOneRefetch() {
    SlowProductRepository repository = settings(true).newRepository();
    CatalogService service = new CatalogService(settings(true), repository, ticker);
    service.find("3");

    assertThat(service.invalidate("3")).isTrue();
    assertThat(service.invalidate("3")).isFalse();
    service.find("3");
    service.find("3");

    assertThat(repository.callCount()).isEqualTo(2);
  }

  @Test
  void invalidateForgetsACachedMiss() {
    SlowProductRepository repository = settings(true).newRepository();
    CatalogService service = new CatalogService(settings(true), repository, ticker);
    service.find("nope");

    assertThat(service.invalidate("nope")).isTrue();
    service.find("nope");

    assertThat(repository.callCount()).isEqualTo(2);
  }

  @Test
  void disabledCacheCallsTheRepositoryEveryTime() {
    SlowProductRepository repository = settings(false).newRepository();
    CatalogService service = new CatalogService(settings(false), repository, ticker);

    for (int i = 0; i < 5; i++) {
      assertThat(service.find("1")).isInstanceOf(Lookup.Found.class);
      assertThat(service.find("x")).isInstanceOf(Lookup.NotFound.class);
    }

    assertThat(repository.callCount()).isEqualTo(10);
  }

  @Test
  void failureReachesEveryCallerOfTheFlightAndTheNextLookupRetries() throws Exception {
    FaultInjectingRepository repository =
        new FaultInjectingRepository(settings(true).newRepository());
    CatalogService service = new CatalogService(settings(true), repository, ticker);
    int callers = 50;
    repository.failNext(1);
    repository.hold();

    List<Future<Lookup>> results = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        results.add(threads.submit(() -> service.find("9")));
      }
      Conditions.await(() -> service.cacheStats().missCount() == callers);
      repository.release();
      for (Future<Lookup> result : results) {
        assertThat(result.get())
            .isEqualTo(new Lookup.Unavailable("injected failure looking up 9"));
        assertThat(result.get().status()).isEqualTo(503);
      }
    }
    assertThat(repository.callCount()).isEqualTo(1);

    assertThat(service.find("9")).isEqualTo(new Lookup.Found(SlowProductRepository.productFor(9)));
    assertThat(repository.callCount()).isEqualTo(2);
  }

  @Test
  void statsJsonReportsCountersAndRepositoryCalls() {
    SlowProductRepository repository = settings(true).newRepository();
    CatalogService service = new CatalogService(settings(true), repository, ticker);
    service.find("1");
    service.find("1");
    service.find("none");

    assertThat(service.statsJson())
        .contains("\"cacheEnabled\":true", "\"backend\":\"lru_ttl\"", "\"size\":1",
            "\"hits\":1", "\"misses\":2", "\"cachedMisses\":1", "\"repositoryCalls\":2");
  }

  @Test
  void productJsonEscapesStrings() {
    assertThat(new Product("a\"b", "x\\y", 5).toJson())
        .isEqualTo("{\"id\":\"a\\\"b\",\"name\":\"x\\\\y\",\"priceCents\":5}");
  }
}
