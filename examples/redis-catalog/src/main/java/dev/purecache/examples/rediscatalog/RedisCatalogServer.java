package dev.purecache.examples.rediscatalog;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.purecache.Ticker;
import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import dev.purecache.examples.catalog.Lookup;
import dev.purecache.examples.catalog.Product;
import dev.purecache.redis.Codec;
import dev.purecache.redis.RedisNearCache;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One instance of the catalog service on the JDK's {@link HttpServer} (a virtual thread per
 * request), its product cache a {@link RedisNearCache} shared through Redis with every other
 * instance. Run two on different ports against one Redis and a write on one is seen by the
 * other.
 *
 * <ul>
 *   <li>{@code GET /products/{id}}: 200 with the product, 404, or 503 (repository or Redis
 *       failed).
 *   <li>{@code PUT /products/{id}?name=...&priceCents=...}: writes the product through the near
 *       cache (Redis first); 204. Every instance drops its local copy when Redis tells it.
 *   <li>{@code DELETE /products/{id}}: removes the id from Redis and the local tier; 204.
 *   <li>{@code GET /stats}: the catalog's statistics plus the near cache's, as JSON.
 * </ul>
 *
 * <p>Settings as in the catalog examples, plus {@code catalog.redis.uri} (default {@code
 * redis://127.0.0.1:6379}) and {@code server.port} (default 8081).
 */
public final class RedisCatalogServer implements AutoCloseable {
  private static final String PRODUCTS = "/products/";

  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final CatalogService catalog;
  private final RedisNearCache<String, Product> products;

  private RedisCatalogServer(HttpServer server, ExecutorService requestThreads,
      CatalogService catalog, RedisNearCache<String, Product> products) {
    this.server = server;
    this.requestThreads = requestThreads;
    this.catalog = catalog;
    this.products = products;
  }

  /**
   * Starts one instance and keeps it running until the process is stopped.
   *
   * @param args unused
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    CatalogSettings settings = CatalogSettings.fromSystem();
    String uri = CatalogSettings.systemSetting("catalog.redis.uri")
        .orElse("redis://127.0.0.1:6379");
    String host = CatalogSettings.systemSetting("server.host").orElse("127.0.0.1");
    int port = Integer.parseInt(CatalogSettings.systemSetting("server.port").orElse("8081"));
    RedisCatalogServer app =
        start(new InetSocketAddress(host, port), settings, settings.newRepository(), uri);
    System.out.println("catalog on http://" + host + ":" + app.port() + "/products/1, products"
        + " cached in front of " + uri);
  }

  /**
   * Opens the near cache and starts a server for a catalog over it.
   *
   * @param address where to listen; port 0 picks a free port
   * @param settings the catalog settings (the local tier's policy, capacity and ttl)
   * @param repository the repository behind the cache
   * @param redisUri the shared Redis
   * @return the running instance; close it to stop it and close the near cache
   * @throws IOException if the address cannot be bound
   */
  public static RedisCatalogServer start(InetSocketAddress address, CatalogSettings settings,
      dev.purecache.examples.catalog.ProductRepository repository, String redisUri)
      throws IOException {
    RedisNearCache<String, Product> products = RedisNearCache.builder()
        .uri(redisUri)
        .namespace("catalog:products")
        .keyCodec(Codec.utf8())
        .valueCodec(new ProductCodec())
        .local(CatalogService.productCacheBuilder(settings, Ticker.system()))
        .recordStats()
        .build();
    CatalogService catalog = new CatalogService(settings, repository, products, Ticker.system());
    HttpServer server = HttpServer.create(address, 4096);
    ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
    RedisCatalogServer app = new RedisCatalogServer(server, requestThreads, catalog, products);
    server.createContext(PRODUCTS, app::products);
    server.createContext("/stats", app::stats);
    server.setExecutor(requestThreads);
    server.start();
    return app;
  }

  /**
   * Returns the port the server listens on.
   *
   * @return the bound port
   */
  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Returns the catalog this instance serves.
   *
   * @return the catalog
   */
  public CatalogService catalog() {
    return catalog;
  }

  /** Stops the server, its request threads and the near cache. */
  @Override
  public void close() {
    server.stop(0);
    requestThreads.shutdownNow();
    products.close();
  }

  private void products(HttpExchange exchange) throws IOException {
    try (exchange) {
      String id = exchange.getRequestURI().getPath().substring(PRODUCTS.length());
      if (id.isEmpty() || id.contains("/")) {
        send(exchange, 404, "{\"error\":\"no such resource\"}");
        return;
      }
      switch (exchange.getRequestMethod()) {
        case "GET" -> {
          Lookup lookup = catalog.find(id);
          send(exchange, lookup.status(), lookup.json());
        }
        case "PUT" -> put(exchange, id);
        case "DELETE" -> {
          catalog.invalidate(id);
          exchange.sendResponseHeaders(204, -1);
        }
        default -> {
          exchange.getResponseHeaders().set("Allow", "GET, PUT, DELETE");
          send(exchange, 405, "{\"error\":\"method not allowed\"}");
        }
      }
    }
  }

  private void put(HttpExchange exchange, String id) throws IOException {
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    String name = query.get("name");
    String price = query.get("priceCents");
    Product product;
    try {
      product = new Product(id, name, Long.parseLong(price));
    } catch (RuntimeException e) {
      send(exchange, 400, "{\"error\":\"need name and priceCents >= 0\"}");
      return;
    }
    try {
      catalog.update(product);
    } catch (RuntimeException e) {
      send(exchange, 503, "{\"error\":\"write failed\"}");
      return;
    }
    exchange.sendResponseHeaders(204, -1);
  }

  private void stats(HttpExchange exchange) throws IOException {
    try (exchange) {
      var near = products.nearStats();
      String catalogJson = catalog.statsJson();
      String json = catalogJson.substring(0, catalogJson.length() - 1)
          + ",\"localHits\":" + near.localHits()
          + ",\"redisHits\":" + near.redisHits()
          + ",\"redisMisses\":" + near.redisMisses()
          + ",\"invalidations\":" + near.invalidations()
          + ",\"tracking\":" + products.isTracking() + "}";
      send(exchange, 200, json);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
