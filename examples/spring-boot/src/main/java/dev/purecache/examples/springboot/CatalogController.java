package dev.purecache.examples.springboot;

import dev.purecache.CacheStats;
import dev.purecache.examples.catalog.Product;
import dev.purecache.examples.catalog.ProductRepository;
import dev.purecache.examples.catalog.RepositoryUnavailableException;
import dev.purecache.spring.PurecacheCache;
import java.util.Locale;
import org.springframework.cache.CacheManager;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** The HTTP API of the catalog, the same as the Helidon and HttpServer examples'. */
@RestController
public class CatalogController {
  private final ProductLookup lookup;
  private final ProductRepository repository;
  private final CacheManager cacheManager;

  /**
   * Creates the controller.
   *
   * @param lookup the cached lookups
   * @param repository the repository (for its call count)
   * @param cacheManager the cache manager (for the statistics)
   */
  public CatalogController(
      ProductLookup lookup, ProductRepository repository, CacheManager cacheManager) {
    this.lookup = lookup;
    this.repository = repository;
    this.cacheManager = cacheManager;
  }

  /**
   * {@code GET /products/{id}}: 200 with the product, 404 for an unknown id.
   *
   * @param id the product id
   * @return the response
   */
  @GetMapping("/products/{id}")
  public ResponseEntity<String> product(@PathVariable("id") String id) {
    Product product = lookup.find(id);
    if (product == null) {
      return json(HttpStatus.NOT_FOUND, "{\"error\":\"no such product\",\"id\":" + quote(id) + "}");
    }
    return json(HttpStatus.OK, product.toJson());
  }

  /**
   * {@code DELETE /products/{id}}: 204; the next lookup of that id calls the repository again.
   *
   * @param id the product id
   * @return the response
   */
  @DeleteMapping("/products/{id}")
  public ResponseEntity<Void> invalidate(@PathVariable("id") String id) {
    lookup.invalidate(id);
    return ResponseEntity.noContent().build();
  }

  /**
   * {@code GET /stats}: the product cache's counters and the repository call count.
   *
   * @return the response
   */
  @GetMapping("/stats")
  public ResponseEntity<String> stats() {
    dev.purecache.Cache<Object, Object> cache =
        ((PurecacheCache) cacheManager.getCache(ProductLookup.CACHE)).getNativeCache();
    CacheStats s = cache.stats();
    return json(
        HttpStatus.OK,
        "{\"size\":" + cache.size()
            + ",\"hits\":" + s.hitCount()
            + ",\"misses\":" + s.missCount()
            + ",\"hitRate\":" + String.format(Locale.ROOT, "%.4f", s.hitRate())
            + ",\"loadSuccesses\":" + s.loadSuccessCount()
            + ",\"loadFailures\":" + s.loadFailureCount()
            + ",\"evictions\":" + s.evictionCount()
            + ",\"repositoryCalls\":" + repository.callCount()
            + "}");
  }

  /**
   * A repository failure: 503 to every caller of the failed load.
   *
   * @param e the failure
   * @return the response
   */
  @ExceptionHandler(RepositoryUnavailableException.class)
  public ResponseEntity<String> unavailable(RepositoryUnavailableException e) {
    return json(HttpStatus.SERVICE_UNAVAILABLE, "{\"error\":" + quote(e.getMessage()) + "}");
  }

  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : String.valueOf(s).toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static ResponseEntity<String> json(HttpStatus status, String body) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
  }
}
