package dev.purecache.examples.catalog;

/** The outcome of a product lookup, one case per HTTP status the handlers send. */
public sealed interface Lookup {

  /**
   * Returns the HTTP status this outcome is sent with.
   *
   * @return 200, 404 or 503
   */
  int status();

  /**
   * Returns the JSON body this outcome is sent with.
   *
   * @return a JSON object
   */
  String json();

  /**
   * The product exists (200).
   *
   * @param product the product
   */
  record Found(Product product) implements Lookup {
    @Override
    public int status() {
      return 200;
    }

    @Override
    public String json() {
      return product.toJson();
    }
  }

  /**
   * No product has that id (404).
   *
   * @param id the id looked up
   */
  record NotFound(String id) implements Lookup {
    @Override
    public int status() {
      return 404;
    }

    @Override
    public String json() {
      return "{\"error\":\"no such product\",\"id\":" + Json.quote(id) + "}";
    }
  }

  /**
   * The repository failed for this lookup's load (503); the next lookup retries.
   *
   * @param reason the failure's message
   */
  record Unavailable(String reason) implements Lookup {
    @Override
    public int status() {
      return 503;
    }

    @Override
    public String json() {
      return "{\"error\":\"repository unavailable\",\"reason\":" + Json.quote(reason) + "}";
    }
  }
}
