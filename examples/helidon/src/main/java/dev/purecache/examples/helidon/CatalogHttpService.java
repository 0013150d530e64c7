package dev.purecache.examples.helidon;

import dev.purecache.examples.catalog.CatalogService;
import dev.purecache.examples.catalog.Lookup;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The catalog's routes. Helidon SE 4 runs each request on its own virtual thread, so the
 * handlers are plain blocking code: a cache miss parks the request's thread until the load it
 * started or joined finishes.
 *
 * <ul>
 *   <li>{@code GET /products/{id}}: 200 with the product, 404 for an unknown id, 503 when the
 *       repository failed for this lookup's load.
 *   <li>{@code DELETE /products/{id}}: invalidates that id; 204.
 *   <li>{@code GET /stats}: cache statistics and the repository call count as JSON.
 * </ul>
 */
public final class CatalogHttpService implements HttpService {

  private final CatalogService catalog;

  /**
   * Creates the routes.
   *
   * @param catalog the service to expose
   */
  public CatalogHttpService(CatalogService catalog) {
    this.catalog = catalog;
  }

  @Override
  public void routing(HttpRules rules) {
    rules.get("/products/{id}", this::getProduct)
        .delete("/products/{id}", this::deleteProduct)
        .get("/stats", this::stats);
  }

  private void getProduct(ServerRequest req, ServerResponse res) {
    Lookup lookup = catalog.find(req.path().pathParameters().get("id"));
    res.status(Status.create(lookup.status()));
    res.headers().contentType(MediaTypes.APPLICATION_JSON);
    res.send(lookup.json());
  }

  private void deleteProduct(ServerRequest req, ServerResponse res) {
    catalog.invalidate(req.path().pathParameters().get("id"));
    res.status(Status.NO_CONTENT_204).send();
  }

  private void stats(ServerRequest req, ServerResponse res) {
    res.headers().contentType(MediaTypes.APPLICATION_JSON);
    res.send(catalog.statsJson());
  }
}
