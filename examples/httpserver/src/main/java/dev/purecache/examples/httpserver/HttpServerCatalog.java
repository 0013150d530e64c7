package dev.purecache.examples.httpserver;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import dev.purecache.examples.catalog.Lookup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The catalog service on the JDK's own {@link HttpServer}, with one virtual thread per request
 * ({@link Executors#newVirtualThreadPerTaskExecutor()}) and nothing but the JDK and purecache.
 * Handlers are plain blocking code.
 *
 * <ul>
 *   <li>{@code GET /products/{id}}: 200 with the product, 404 for an unknown id, 503 when the
 *       repository failed for this lookup's load.
 *   <li>{@code DELETE /products/{id}}: invalidates that id; 204.
 *   <li>{@code GET /stats}: cache statistics and the repository call count as JSON.
 * </ul>
 *
 * <p>Settings come from system properties ({@code -Dcatalog.cache.enabled=false}), then
 * environment variables ({@code CATALOG_CACHE_ENABLED=false}); see {@link CatalogSettings}.
 * {@code server.host} (default {@code 127.0.0.1}) and {@code server.port} (default {@code
 * 8081}) are read the same way.
 */
public final class HttpServerCatalog implements AutoCloseable {

  private static final String PRODUCTS = "/products/";

  private final HttpServer server;
  private final ExecutorService requestThreads;
  private final CatalogService catalog;

  private HttpServerCatalog(HttpServer server, ExecutorService requestThreads,
      CatalogService catalog) {
    this.server = server;
    this.requestThreads = requestThreads;
    this.catalog = catalog;
  }

  /**
   * Starts the server and keeps it running until the process is stopped.
   *
   * @param args unused
   * @throws IOException if the port cannot be bound
   */
  public static void main(String[] args) throws IOException {
    CatalogSettings settings = CatalogSettings.fromSystem();
    String host = setting("server.host").orElse("127.0.0.1");
    int port = Integer.parseInt(setting("server.port").orElse("8081"));
    HttpServerCatalog app = start(new InetSocketAddress(host, port),
        new CatalogService(settings, settings.newRepository()));
    System.out.println("catalog on http://" + host + ":" + app.port() + "/products/1 (cache "
        + (settings.cacheEnabled() ? "on" : "off") + ", backend " + settings.backend()
        + ", capacity " + settings.capacity() + ")");
  }

  /**
   * Starts a server for a catalog.
   *
   * @param address where to listen; port 0 picks a free port
   * @param catalog the catalog to serve
   * @return the running server; close it to stop it
   * @throws IOException if the address cannot be bound
   */
  public static HttpServerCatalog start(InetSocketAddress address, CatalogService catalog)
      throws IOException {
    HttpServer server = HttpServer.create(address, 4096);
    ExecutorService requestThreads = Executors.newVirtualThreadPerTaskExecutor();
    HttpServerCatalog app = new HttpServerCatalog(server, requestThreads, catalog);
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

  /** Stops accepting requests, ends open exchanges and the request threads. */
  @Override
  public void close() {
    server.stop(0);
    requestThreads.shutdownNow();
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
        case "DELETE" -> {
          catalog.invalidate(id);
          exchange.sendResponseHeaders(204, -1);
        }
        default -> methodNotAllowed(exchange, "GET, DELETE");
      }
    }
  }

  private void stats(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestURI().getPath().equals("/stats")) {
        send(exchange, 404, "{\"error\":\"no such resource\"}");
      } else if (!exchange.getRequestMethod().equals("GET")) {
        methodNotAllowed(exchange, "GET");
      } else {
        send(exchange, 200, catalog.statsJson());
      }
    }
  }

  private static void methodNotAllowed(HttpExchange exchange, String allowed) throws IOException {
    exchange.getResponseHeaders().set("Allow", allowed);
    send(exchange, 405, "{\"error\":\"method not allowed\"}");
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Optional<String> setting(String key) {
    return CatalogSettings.systemSetting(key);
  }
}
