package dev.purecache.examples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.examples.catalog.FaultInjectingRepository;
import dev.purecache.examples.catalog.SlowProductRepository;
import dev.purecache.spring.PurecacheCache;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cache.CacheManager;
import org.springframework.core.env.Environment;

/**
 * The Spring Boot catalog on a real Tomcat (virtual threads, loopback, a random port), driven by
 * {@link HttpClient} from virtual threads.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "server.port=0")
class SpringBootCatalogLoadTest {
  private static final int REQUESTS = 2_000;
  private static final int IDS = 20;
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

  @Autowired Environment environment;
  @Autowired FaultInjectingRepository repository;
  @Autowired CacheManager cacheManager;

  @AfterAll
  static void closeClient() {
    CLIENT.shutdownNow();
  }

  @BeforeEach
  void emptyCache() {
    repository.release();
    repository.failNext(0);
    cacheManager.getCache(ProductLookup.CACHE).clear();
  }

  private dev.purecache.Cache<Object, Object> products() {
    return ((PurecacheCache) cacheManager.getCache(ProductLookup.CACHE)).getNativeCache();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    String port = environment.getRequiredProperty("local.server.port");
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(60))
            .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Sends {@code paths.size()} requests at once, each from its own virtual thread. */
  private List<HttpResponse<String>> concurrently(List<String> paths) throws Exception {
    List<Future<HttpResponse<String>>> futures = new ArrayList<>();
    try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch go = new CountDownLatch(1);
      for (String path : paths) {
        futures.add(
            clients.submit(
                () -> {
                  go.await();
                  return send("GET", path);
                }));
      }
      go.countDown();
    }
    List<HttpResponse<String>> responses = new ArrayList<>();
    for (Future<HttpResponse<String>> future : futures) {
      responses.add(future.get());
    }
    return responses;
  }

  private static List<String> paths(int count, int ids, int firstId) {
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      paths.add("/products/" + (firstId + i % ids));
    }
    return paths;
  }

  @Test
  void twoThousandConcurrentRequestsOverTwentyIdsMakeTwentyRepositoryCallsAndPinNothing(
      @TempDir Path dir) throws Exception {
    // initializes the classes of the request path (a first-use class initialization that two
    // threads race for is a JDK pin that is not the cache's), on ids the measured run does not use
    concurrently(paths(200, IDS, 500));
    products().clear();
    long before = repository.callCount();

    Path file = dir.resolve("load.jfr");
    List<HttpResponse<String>> responses;
    try (Recording recording = new Recording()) {
      recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
      recording.start();
      responses = concurrently(paths(REQUESTS, IDS, 1));
      recording.stop();
      recording.dump(file);
    }

    for (int i = 0; i < REQUESTS; i++) {
      assertThat(responses.get(i).statusCode()).isEqualTo(200);
      assertThat(responses.get(i).body())
          .isEqualTo(SlowProductRepository.productFor(1 + i % IDS).toJson());
    }
    assertThat(repository.callCount() - before).isEqualTo(IDS);
    List<RecordedEvent> pinned =
        RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().equals("jdk.VirtualThreadPinned"))
            .toList();
    assertThat(pinned).isEmpty();

    HttpResponse<String> stats = send("GET", "/stats");
    assertThat(stats.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(stats.body()).contains("\"size\":" + IDS, "\"repositoryCalls\":" + repository.callCount());
  }

  @Test
  void aFailedLoadGives503ToEveryRequestOfItAndTheNextRequestRetries() throws Exception {
    repository.hold();
    repository.failNext(1);
    long before = repository.callCount();
    long missesBefore = products().stats().missCount();
    List<Future<List<HttpResponse<String>>>> pending = new ArrayList<>();
    try (ExecutorService runner = Executors.newVirtualThreadPerTaskExecutor()) {
      pending.add(runner.submit(() -> concurrently(paths(200, 1, 7))));
      // every request has reached the cache and waits for the one held load
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (products().stats().missCount() - missesBefore < 200) {
        assertThat(System.nanoTime()).as("200 requests waiting").isLessThan(deadline);
        Thread.sleep(5);
      }
      repository.release();
    }
    assertThat(pending.getFirst().get())
        .hasSize(200)
        .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(503));
    assertThat(repository.callCount() - before).isEqualTo(1);
    assertThat(products().containsKey("7")).isFalse();

    assertThat(send("GET", "/products/7").statusCode()).isEqualTo(200);
    assertThat(repository.callCount() - before).isEqualTo(2);
  }

  @Test
  void anUnknownIdIsACached404() throws Exception {
    long before = repository.callCount();
    assertThat(concurrently(paths(100, 1, 99_999)))
        .allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(404));
    assertThat(send("GET", "/products/99999").statusCode()).isEqualTo(404);
    assertThat(repository.callCount() - before).isEqualTo(1);
  }

  @Test
  void deleteThenConcurrentRefetchCallsTheRepositoryOnceMore() throws Exception {
    assertThat(send("GET", "/products/5").statusCode()).isEqualTo(200);
    long before = repository.callCount();
    assertThat(send("DELETE", "/products/5").statusCode()).isEqualTo(204);
    assertThat(concurrently(paths(100, 1, 5))).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(200));
    assertThat(repository.callCount() - before).isEqualTo(1);
  }

  @Test
  void theCacheShowsUpInTheActuator() throws Exception {
    send("GET", "/products/3");
    send("GET", "/products/3");
    HttpResponse<String> caches = send("GET", "/actuator/caches");
    assertThat(caches.statusCode()).isEqualTo(200);
    assertThat(caches.body()).contains("\"products\"");
    HttpResponse<String> hits = send("GET", "/actuator/metrics/cache.gets?tag=cache:products&tag=result:hit");
    assertThat(hits.statusCode()).isEqualTo(200);
    assertThat(hits.body()).contains("\"name\":\"cache.gets\"", "\"statistic\":\"COUNT\"");
    assertThat(send("GET", "/actuator/metrics/cache.size?tag=cache:products").body())
        .contains("\"value\":1.0");
  }
}
