package dev.purecache.examples.springboot;

import dev.purecache.examples.catalog.Product;
import dev.purecache.examples.catalog.ProductRepository;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * Product lookups through Spring's cache abstraction. {@code sync = true} makes Spring call
 * {@code Cache.get(key, Callable)}, which purecache serves single-flight: concurrent requests for
 * one id share one repository call and its result or failure. An unknown id is cached as a
 * {@code null} (a cached 404) until it expires or is evicted.
 */
@Service
public class ProductLookup {
  /** The cache of products by id. */
  public static final String CACHE = "products";

  private final ProductRepository repository;

  /**
   * Creates the lookup.
   *
   * @param repository the repository to memoize
   */
  public ProductLookup(ProductRepository repository) {
    this.repository = repository;
  }

  /**
   * Looks a product up, from the cache or (once per id, however many callers) the repository.
   *
   * @param id the product id
   * @return the product, or {@code null} if there is none
   * @throws dev.purecache.examples.catalog.RepositoryUnavailableException if the repository
   *     failed; every caller of that load gets it and nothing is cached
   */
  @Cacheable(cacheNames = CACHE, sync = true)
  public Product find(String id) {
    return repository.findById(id).orElse(null);
  }

  /**
   * Drops one id from the cache; a load of it in flight finishes first, and nothing it loaded
   * survives.
   *
   * @param id the product id
   */
  @CacheEvict(cacheNames = CACHE)
  public void invalidate(String id) {}
}
