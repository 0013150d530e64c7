package dev.purecache.examples.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import dev.purecache.examples.catalog.FaultInjectingRepository;
import dev.purecache.examples.catalog.SlowProductRepository;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the JDK HttpServer catalog on an ephemeral loopback port with many concurrent virtual-thread
 * clients and checks every response and the exact number of repository calls.
 */
class HttpServerCatalogLoadTest {

  private static final int REQUESTS = 2_000;
  private static final int IDS = 20;

  private HttpServerCatalog server;
  private FaultInjectingRepository repository;
  private CatalogService catalog;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .connectTimeout(Duration.ofSeconds(30))
      .build();

  private void start(Map<String, String> overrides) throws Exception {
    Map<String, String> values = new HashMap<>(Map.of(
        "catalog.cache.capacity", "100",
        "catalog.cache.ttl", "10m",
        "catalog.cache.miss-ttl", "10m",
        "catalog.repository.size", "50",
        "catalog.repository.min-latency", "20ms",
        "catalog.repository.max-latency", "50ms"));
    values.putAll(overrides);
    CatalogSettings settings = CatalogSettings.from(key -> Optional.ofNullable(values.get(key)));
    repository = new FaultInjectingRepository(settings.newRepository());
    catalog = new CatalogService(settings, repository);
    server = HttpServerCatalog.start(new InetSocketAddress("127.0.0.1", 0), catalog);
  }

  @AfterEach
  void stop() {
    client.shutdownNow();
    if (server != null) {
      server.close();
    }
  }

  @Test
  void concurrentRequestsOverTwentyIdsCallTheRepositoryOncePerId() throws Exception {
    start(Map.of());

    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch go = new CountDownLatch(1);
      for (int i = 0; i < REQUESTS; i++) {
        String path = "/products/" + (1 + i % IDS);
        responses.add(clients.submit(() -> {
          go.await();
          return send("GET", path);
        }));
      }
      go.countDown();
      for (int i = 0; i < REQUESTS; i++) {
        HttpResponse<String> response = responses.get(i).get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
            .isEqualTo(SlowProductRepository.productFor(1 + i % IDS).toJson());
      }
    }

    assertThat(repository.callCount()).isEqualTo(IDS);
    HttpResponse<String> stats = send("GET", "/stats");
    assertThat(stats.statusCode()).isEqualTo(200);
    assertThat(stats.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("application/json"));
    assertThat(stats.body()).contains("\"repositoryCalls\":" + IDS, "\"size\":" + IDS,
        "\"loadSuccesses\":" + IDS, "\"hits\":" + (REQUESTS - catalog.cacheStats().missCount()));
  }

  @Test
  void invalidationThenConcurrentRefetchCallsTheRepositoryExactlyOnceMore() throws Exception {
    start(Map.of());
    for (int id = 1; id <= IDS; id++) {
      assertThat(send("GET", "/products/" + id).statusCode()).isEqualTo(200);
    }
    long before = repository.callCount();

    assertThat(send("DELETE", "/products/5").statusCode()).isEqualTo(204);
    List<HttpResponse<String>> responses = concurrently(100, "GET", "/products/5");

    assertThat(responses).allSatisfy(response -> {
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(SlowProductRepository.productFor(5).toJson());
    });
    assertThat(repository.callCount()).isEqualTo(before + 1);
  }

  @Test
  void failingRepositoryGives503ToEveryCallerOfTheFlightAndTheNextRequestSucceeds()
      throws Exception {
    start(Map.of());
    int callers = 200;
    repository.failNext(1);
    repository.hold();

    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < callers; i++) {
        responses.add(clients.submit(() -> send("GET", "/products/7")));
      }
      // Every caller has joined the one held flight once each has counted its miss.
      await(() -> catalog.cacheStats().missCount() == callers);
      repository.release();
      for (Future<HttpResponse<String>> response : responses) {
        assertThat(response.get().statusCode()).isEqualTo(503);
        assertThat(response.get().body()).contains("repository unavailable");
      }
    }
    assertThat(repository.callCount()).isEqualTo(1);

    HttpResponse<String> retry = send("GET", "/products/7");
    assertThat(retry.statusCode()).isEqualTo(200);
    assertThat(retry.body()).isEqualTo(SlowProductRepository.productFor(7).toJson());
    assertThat(repository.callCount()).isEqualTo(2);
  }

  @Test
  void unknownIdGives404AndIsCachedAsAMiss() throws Exception {
    start(Map.of());

    List<HttpResponse<String>> first = concurrently(100, "GET", "/products/999");
    List<HttpResponse<String>> second = concurrently(100, "GET", "/products/999");

    assertThat(first).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(404));
    assertThat(second).allSatisfy(response -> assertThat(response.statusCode()).isEqualTo(404));
    assertThat(repository.callCount()).isEqualTo(1);
    assertThat(send("GET", "/stats").body()).contains("\"cachedMisses\":1");
  }

  @Test
  void configSwitchDisablesTheCache() throws Exception {
    start(Map.of("catalog.cache.enabled", "false", "catalog.repository.min-latency", "0ms",
        "catalog.repository.max-latency", "0ms"));

    for (int i = 0; i < 10; i++) {
      assertThat(send("GET", "/products/3").statusCode()).isEqualTo(200);
    }

    assertThat(repository.callCount()).isEqualTo(10);
    assertThat(send("GET", "/stats").body()).contains("\"cacheEnabled\":false");
  }

  @Test
  void otherPathsAndMethodsAreRejected() throws Exception {
    start(Map.of());

    assertThat(send("GET", "/products/").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/products/1/reviews").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/statsx").statusCode()).isEqualTo(404);
    HttpResponse<String> post = send("POST", "/products/1");
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, DELETE");
    assertThat(repository.callCount()).isZero();
  }

  private List<HttpResponse<String>> concurrently(int count, String method, String path)
      throws Exception {
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < count; i++) {
        futures.add(clients.submit(() -> send(method, path)));
      }
    }
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (Future<HttpResponse<String>> future : futures) {
      responses.add(future.get());
    }
    return responses;
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(60))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(1);
    }
  }
}
