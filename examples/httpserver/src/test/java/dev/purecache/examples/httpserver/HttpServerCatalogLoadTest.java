package dev.purecache.examples.httpserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.purecache.examples.catalog.CatalogLoadContract;
import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.CatalogSettings;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Runs the catalog load contract against the JDK HttpServer front end, and checks the paths and
 * methods it routes by hand.
 */
class HttpServerCatalogLoadTest extends CatalogLoadContract {

  private HttpServerCatalog server;

  @Override
  protected CatalogSettings settings(Map<String, String> values) {
    return CatalogSettings.from(key -> Optional.ofNullable(values.get(key)));
  }

  @Override
  protected int startServer(Map<String, String> values, CatalogService catalog)
      throws Exception {
    server = HttpServerCatalog.start(new InetSocketAddress("127.0.0.1", 0), catalog);
    return server.port();
  }

  @Override
  protected void stopServer() {
    server.close();
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
    assertThat(repository().callCount()).isZero();
  }
}
