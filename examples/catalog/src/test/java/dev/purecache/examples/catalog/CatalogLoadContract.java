package dev.purecache.examples.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Loads a catalog server on an ephemeral loopback port with many concurrent virtual-thread
 * clients and checks every response and the exact number of repository calls.
 *
 * <p>Each HTTP front end of the catalog extends this class and supplies how its settings are
 * read and how its server is started and stopped; the tests themselves are the same for all.
 */
public abstract class CatalogLoadContract {

  private static final int REQUESTS = 2_000;
  private static final int IDS = 20;

  private FaultInjectingRepository repository;
  private CatalogService catalog;
  private int port;
  private boolean started;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .connectTimeout(Duration.ofSeconds(30))
      .build();

  /**
   * Reads the catalog settings from flat configuration values such as
   * {@code catalog.cache.capacity}.
   *
   * @param values the configuration values
   * @return the settings
   */
  protected abstract CatalogSettings settings(Map<String, String> values);

  /**
   * Starts the server for {@code catalog} on an ephemeral port of 127.0.0.1.
   *
   * @param values the configuration values the settings were read from
   * @param catalog the catalog to serve
   * @return the port the server listens on
   * @throws Exception if the server cannot start
   */
  protected abstract int startServer(Map<String, String> values, CatalogService catalog)
      throws Exception;

  /** Stops the server started by {@link #startServer}. */
  protected abstract void stopServer();

  /**
   * Starts a server over a fault-injecting repository with the default test settings.
   *
   * @param overrides configuration values replacing or adding to the defaults
   * @throws Exception if the server cannot start
   */
  protected final void start(Map<String, String> overrides) throws Exception {
    Map<String, String> values = new HashMap<>(Map.of(
        "catalog.cache.capacity", "100",
        "catalog.cache.ttl", "10m",
        "catalog.cache.miss-ttl", "10m",
        "catalog.repository.size", "50",
        "catalog.repository.min-latency", "20ms",
        "catalog.repository.max-latency", "50ms"));
    values.putAll(overrides);
    CatalogSettings settings = settings(values);
    repository = new FaultInjectingRepository(settings.newRepository());
    catalog = new CatalogService(settings, repository);
    port = startServer(values, catalog);
    started = true;
  }

  /**
   * Returns the repository behind the running server.
   *
   * @return the repository
   */
  protected final FaultInjectingRepository repository() {
    return repository;
  }

  /** Stops the client and the server, if one was started. */
  @AfterEach
  protected final void stop() {
    client.shutdownNow();
    if (started) {
      stopServer();
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
      Conditions.await(() -> catalog.cacheStats().missCount() == callers);
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

  /**
   * Sends a request without a body to the running server and waits for its response.
   *
   * @param method the HTTP method
   * @param path the request path, starting with {@code /}
   * @return the response, with its body as a string
   * @throws Exception if the request fails or is interrupted
   */
  protected final HttpResponse<String> send(String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(60))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
