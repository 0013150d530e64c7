package dev.purecache.examples.helidon;

import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import io.helidon.config.Config;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;

/**
 * The catalog service on Helidon SE 4. Settings come from Helidon config: {@code
 * application.yaml} on the class path, overridden by system properties and environment
 * variables ({@code CATALOG_CACHE_ENABLED=false} overrides {@code catalog.cache.enabled}).
 */
public final class HelidonCatalog {

  private HelidonCatalog() {}

  /**
   * Starts the server and keeps it running until the process is stopped.
   *
   * @param args unused
   */
  public static void main(String[] args) {
    LogConfig.configureRuntime();
    Config config = Config.create();
    CatalogSettings settings = settings(config);
    CatalogService catalog = new CatalogService(settings, settings.newRepository());
    WebServer server = start(config.get("server"), catalog);
    System.out.println("catalog on http://" + config.get("server.host").asString().orElse("127.0.0.1")
        + ":" + server.port() + "/products/1 (cache " + (settings.cacheEnabled() ? "on" : "off")
        + ", backend " + settings.backend() + ", capacity " + settings.capacity() + ")");
  }

  /**
   * Reads the catalog settings: a system property or environment variable set for the key ({@link
   * CatalogSettings#systemSetting}), else Helidon config. Helidon's own environment source would
   * want {@code CATALOG_CACHE_MISS_dash_TTL} for a hyphenated key such as {@code
   * catalog.cache.miss-ttl}; reading the process settings first makes {@code
   * CATALOG_CACHE_MISS_TTL} work here as in the HttpServer example.
   *
   * @param config the root config
   * @return the settings, defaults for absent keys
   */
  public static CatalogSettings settings(Config config) {
    return CatalogSettings.from(
        key -> CatalogSettings.systemSetting(key).or(() -> config.get(key).asString().asOptional()));
  }

  /**
   * Starts a server for a catalog.
   *
   * @param serverConfig the {@code server} config node (host, port and other listener settings)
   * @param catalog the catalog to serve
   * @return the started server
   */
  public static WebServer start(Config serverConfig, CatalogService catalog) {
    return WebServer.builder()
        .config(serverConfig)
        .routing(routing -> routing.register(new CatalogHttpService(catalog)))
        .build()
        .start();
  }
}
