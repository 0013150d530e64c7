package dev.purecache.examples.rediscatalog;

import dev.purecache.examples.catalog.Product;
import dev.purecache.redis.Codec;
import java.nio.charset.StandardCharsets;

/** Stores a product in Redis as three lines: id, price in cents, name. */
final class ProductCodec implements Codec<Product> {

  @Override
  public byte[] encode(Product product) {
    if (product.id().contains("\n")) {
      throw new IllegalArgumentException("a product id must be one line: " + product.id());
    }
    return (product.id() + "\n" + product.priceCents() + "\n" + product.name())
        .getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Product decode(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    int first = text.indexOf('\n');
    int second = first < 0 ? -1 : text.indexOf('\n', first + 1);
    if (second < 0) {
      throw new IllegalArgumentException("not a product: " + text);
    }
    return new Product(text.substring(0, first), text.substring(second + 1),
        Long.parseLong(text.substring(first + 1, second)));
  }
}
