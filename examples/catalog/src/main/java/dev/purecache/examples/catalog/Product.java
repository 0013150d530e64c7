package dev.purecache.examples.catalog;

import java.util.Objects;

/**
 * A catalog product.
 *
 * @param id the product id, as it appears in {@code /products/{id}}
 * @param name a display name
 * @param priceCents the price in cents
 */
public record Product(String id, String name, long priceCents) {

  /** Checks the fields. */
  public Product {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    if (priceCents < 0) {
      throw new IllegalArgumentException("priceCents must be >= 0, was " + priceCents);
    }
  }

  /**
   * Returns this product as a JSON object.
   *
   * @return {@code {"id":...,"name":...,"priceCents":...}}
   */
  public String toJson() {
    return "{\"id\":" + Json.quote(id) + ",\"name\":" + Json.quote(name)
        + ",\"priceCents\":" + priceCents + "}";
  }
}
