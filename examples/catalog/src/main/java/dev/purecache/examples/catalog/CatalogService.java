package dev.purecache.examples.catalog;

import dev.purecache.Cache;
import dev.purecache.CacheBuilder;
import dev.purecache.CacheLoadException;
import dev.purecache.CacheStats;
import dev.purecache.Policy;
import dev.purecache.Ticker;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The catalog: product lookups memoized in a purecache in front of a slow {@link
 * ProductRepository}. Every method blocks; call them straight from a request handler running on
 * a virtual thread.
 *
 * <ul>
 *   <li>{@link #find} goes through {@link Cache#computeIfAbsent}: concurrent lookups of one id
 *       share a single repository call (single flight), and its result or failure.
 *   <li>Unknown ids are cached as misses in a second cache, a {@link Policy#TTL} cache with its
 *       own short time to live ({@code catalog.cache.miss-ttl}), so a flood of lookups of an
 *       unknown id costs one repository call per miss TTL. The product loader returns null for
 *       an unknown id, which purecache does not store.
 *   <li>A repository failure reaches every caller of that load as the repository's own {@link
 *       RepositoryUnavailableException}, which becomes 503; nothing is stored, so the next
 *       lookup retries.
 *   <li>With the cache disabled every lookup calls the repository: the baseline to compare with.
 * </ul>
 */
public final class CatalogService {

  private final CatalogSettings settings;
  private final ProductRepository repository;
  private final Cache<String, Product> products;
  private final Cache<String, Boolean> misses;

  /**
   * Creates the service with the system clock.
   *
   * @param settings the cache settings
   * @param repository the repository to memoize
   */
  public CatalogService(CatalogSettings settings, ProductRepository repository) {
    this(settings, repository, Ticker.system());
  }

  /**
   * Creates the service.
   *
   * @param settings the cache settings
   * @param repository the repository to memoize
   * @param ticker the time source of both caches (tests pass a manual one)
   */
  public CatalogService(CatalogSettings settings, ProductRepository repository, Ticker ticker) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.repository = Objects.requireNonNull(repository, "repository");
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder()
        .policy(settings.backend())
        .capacity(settings.capacity())
        .ticker(ticker)
        .recordStats();
    if (settings.backend() == Policy.TTL || settings.backend() == Policy.LRU_TTL) {
      builder.ttl(settings.ttl());
    }
    this.products = builder.build();
    this.misses = CacheBuilder.newBuilder()
        .policy(Policy.TTL)
        .capacity(settings.capacity())
        .ttl(settings.missTtl())
        .ticker(ticker)
        .recordStats()
        .build();
  }

  /**
   * Looks a product up.
   *
   * @param id the product id
   * @return found (200), not found (404) or unavailable (503)
   * @throws NullPointerException if {@code id} is null
   * @throws dev.purecache.CacheInterruptedException if the calling thread is interrupted while it
   *     waits for a load (the load goes on for its other callers)
   */
  public Lookup find(String id) {
    Objects.requireNonNull(id, "id");
    try {
      if (!settings.cacheEnabled()) {
        return repository.findById(id)
            .<Lookup>map(Lookup.Found::new)
            .orElseGet(() -> new Lookup.NotFound(id));
      }
      if (misses.get(id) != null) {
        return new Lookup.NotFound(id);
      }
      Product product = products.computeIfAbsent(id, this::load);
      return product != null ? new Lookup.Found(product) : new Lookup.NotFound(id);
    } catch (RepositoryUnavailableException e) {
      return new Lookup.Unavailable(e.getMessage());
    } catch (CacheLoadException e) {
      // A core that wraps unchecked loader failures hands the repository's exception over as the
      // cause; anything else is not the repository being unavailable.
      if (e.getCause() instanceof RepositoryUnavailableException unavailable) {
        return new Lookup.Unavailable(unavailable.getMessage());
      }
      throw e;
    }
  }

  /**
   * The loader: one repository call. An unknown id is recorded as a miss before the load
   * returns, so a lookup that starts after this load ended finds the miss; a load that starts
   * while the miss is cached answers from it without calling the repository.
   */
  private Product load(String id) {
    if (misses.get(id) != null) {
      return null;
    }
    Optional<Product> found = repository.findById(id);
    if (found.isEmpty()) {
      misses.put(id, Boolean.TRUE);
      return null;
    }
    return found.get();
  }

  /**
   * Drops one id from the cache (a product and a cached miss alike); the next lookup calls the
   * repository again. A load of that id in flight finishes first, so nothing it loaded survives.
   *
   * @param id the product id
   * @return whether anything was cached under that id
   */
  public boolean invalidate(String id) {
    boolean product = products.remove(id) != null;
    boolean miss = misses.remove(id) != null;
    return product || miss;
  }

  /**
   * Returns the statistics of the product cache.
   *
   * @return a snapshot
   */
  public CacheStats cacheStats() {
    return products.stats();
  }

  /**
   * Returns the statistics as JSON: settings, product cache counters, cached misses and the
   * repository call count.
   *
   * @return a JSON object
   */
  public String statsJson() {
    CacheStats s = products.stats();
    CacheStats m = misses.stats();
    return "{\"cacheEnabled\":" + settings.cacheEnabled()
        + ",\"backend\":" + Json.quote(settings.backend().name().toLowerCase(Locale.ROOT))
        + ",\"capacity\":" + settings.capacity()
        + ",\"ttl\":" + Json.quote(settings.ttl().toString())
        + ",\"missTtl\":" + Json.quote(settings.missTtl().toString())
        + ",\"size\":" + products.size()
        + ",\"hits\":" + s.hitCount()
        + ",\"misses\":" + s.missCount()
        + ",\"hitRate\":" + String.format(Locale.ROOT, "%.4f", s.hitRate())
        + ",\"loadSuccesses\":" + s.loadSuccessCount()
        + ",\"loadFailures\":" + s.loadFailureCount()
        + ",\"averageLoadMillis\":"
        + String.format(Locale.ROOT, "%.2f", s.averageLoadPenalty() / 1_000_000.0)
        + ",\"evictions\":" + s.evictionCount()
        + ",\"cachedMisses\":" + misses.size()
        + ",\"cachedMissHits\":" + m.hitCount()
        + ",\"repositoryCalls\":" + repository.callCount()
        + "}";
  }
}
