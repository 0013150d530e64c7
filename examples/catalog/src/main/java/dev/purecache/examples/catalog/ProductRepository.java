package dev.purecache.examples.catalog;

import java.util.Optional;

/** The slow system of record the catalog memoizes (a database or a remote service). */
public interface ProductRepository {

  /**
   * Looks a product up. Blocks for as long as the backend takes.
   *
   * @param id the product id
   * @return the product, or empty if no product has that id
   * @throws RepositoryUnavailableException if the backend cannot answer
   */
  Optional<Product> findById(String id);

  /**
   * Returns how many times {@link #findById} has been called, failed calls included.
   *
   * @return the number of calls so far
   */
  long callCount();
}
