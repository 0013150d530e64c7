package dev.purecache.examples.helidon;

import dev.purecache.examples.catalog.CatalogLoadContract;
import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import io.helidon.config.Config;
import io.helidon.config.ConfigSources;
import io.helidon.logging.common.LogConfig;
import io.helidon.webserver.WebServer;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/** Runs the catalog load contract against the Helidon SE server. */
class HelidonCatalogLoadTest extends CatalogLoadContract {

  private WebServer server;

  @BeforeAll
  static void quietLogging() {
    LogConfig.configureRuntime();
  }

  private static Config config(Map<String, String> values) {
    Map<String, String> all = new HashMap<>(Map.of(
        "server.host", "127.0.0.1",
        "server.port", "0",
        "server.backlog", "4096"));
    all.putAll(values);
    return Config.just(ConfigSources.create(all));
  }

  @Override
  protected CatalogSettings settings(Map<String, String> values) {
    return HelidonCatalog.settings(config(values));
  }

  @Override
  protected int startServer(Map<String, String> values, CatalogService catalog) {
    server = HelidonCatalog.start(config(values).get("server"), catalog);
    return server.port();
  }

  @Override
  protected void stopServer() {
    server.stop();
  }
}
