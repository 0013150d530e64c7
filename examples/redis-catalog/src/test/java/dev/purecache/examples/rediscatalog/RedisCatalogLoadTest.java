package dev.purecache.examples.rediscatalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.examples.catalog.CatalogSettings;
import dev.purecache.examples.catalog.Product;
import dev.purecache.examples.catalog.SlowProductRepository;
import dev.purecache.redis.RedisServer;
import dev.purecache.redis.RedisServerExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two catalog instances on ephemeral loopback ports, each with its own repository and near
 * cache, sharing one real redis-server: concurrent load, then a write on one seen by the other.
 */
@ExtendWith(RedisServerExtension.class)
class RedisCatalogLoadTest {
  private static final Duration BOUND = Duration.ofSeconds(5);
  private static final Map<String, String> SETTINGS = Map.of(
      "catalog.cache.capacity", "100",
      "catalog.cache.ttl", "10m",
      "catalog.cache.miss-ttl", "10m",
      "catalog.repository.size", "50",
      "catalog.repository.min-latency", "20ms",
      "catalog.repository.max-latency", "50ms");

  private final RedisServer redis;
  private final HttpClient client = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .executor(Executors.newVirtualThreadPerTaskExecutor())
      .connectTimeout(Duration.ofSeconds(30))
      .build();
  private final List<SlowProductRepository> repositories = new ArrayList<>();
  private final List<RedisCatalogServer> servers = new ArrayList<>();

  RedisCatalogLoadTest(RedisServer redis) {
    this.redis = redis;
  }

  @BeforeEach
  void startTwoInstances() throws Exception {
    redis.cli("FLUSHALL");
    CatalogSettings settings = CatalogSettings.from(key -> Optional.ofNullable(SETTINGS.get(key)));
    for (int i = 0; i < 2; i++) {
      SlowProductRepository repository = settings.newRepository();
      repositories.add(repository);
      servers.add(RedisCatalogServer.start(
          new InetSocketAddress("127.0.0.1", 0), settings, repository, redis.uri()));
    }
  }

  @AfterEach
  void stop() {
    servers.forEach(RedisCatalogServer::close);
  }

  private HttpResponse<String> send(int instance, String method, String path) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + servers.get(instance).port() + path))
        .method(method, HttpRequest.BodyPublishers.noBody())
        .timeout(Duration.ofSeconds(30))
        .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private long repositoryCalls() {
    return repositories.stream().mapToLong(SlowProductRepository::callCount).sum();
  }

  private void awaitBody(int instance, String path, String expected) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    String body;
    while (!(body = send(instance, "GET", path).body()).equals(expected)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("instance " + instance + " still answers " + body
            + " instead of " + expected + " after " + BOUND);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void concurrentRequestsOnBothInstancesLoadEachIdAtMostTwice() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> responses = new ArrayList<>();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 2_000; i++) {
        int instance = i % 2;
        int id = 1 + i % 20;
        responses.add(threads.submit(() -> {
          go.await();
          return send(instance, "GET", "/products/" + id);
        }));
      }
      go.countDown();
    }
    for (int i = 0; i < responses.size(); i++) {
      HttpResponse<String> response = responses.get(i).get();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).isEqualTo(SlowProductRepository.productFor(1 + i % 20).toJson());
    }
    assertThat(repositoryCalls()).isBetween(20L, 40L);
    long calls = repositoryCalls();
    for (int i = 0; i < 200; i++) {
      assertThat(send(i % 2, "GET", "/products/" + (1 + i % 20)).statusCode()).isEqualTo(200);
    }
    assertThat(repositoryCalls()).as("every id now cached").isEqualTo(calls);
  }

  @Test
  void aWriteOnOneInstanceIsSeenByTheOther() throws Exception {
    Product original = SlowProductRepository.productFor(7);
    assertThat(send(0, "GET", "/products/7").body()).isEqualTo(original.toJson());
    assertThat(send(1, "GET", "/products/7").body()).isEqualTo(original.toJson());

    HttpResponse<String> put = send(0, "PUT", "/products/7?name=Desk%20lamp&priceCents=1999");
    assertThat(put.statusCode()).isEqualTo(204);
    Product updated = new Product("7", "Desk lamp", 1999);
    assertThat(send(0, "GET", "/products/7").body()).isEqualTo(updated.toJson());
    awaitBody(1, "/products/7", updated.toJson());

    assertThat(send(1, "DELETE", "/products/7").statusCode()).isEqualTo(204);
    awaitBody(0, "/products/7", original.toJson());
    assertThat(send(1, "GET", "/products/7").body()).isEqualTo(original.toJson());

    assertThat(send(0, "PUT", "/products/7?name=x").statusCode()).isEqualTo(400);
    assertThat(send(0, "POST", "/products/7").statusCode()).isEqualTo(405);
    assertThat(send(1, "GET", "/stats").body()).contains("\"tracking\":true");
  }
}
