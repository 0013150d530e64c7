package dev.purecache.spring.boot;

import dev.purecache.micrometer.PurecacheMetrics;
import dev.purecache.spring.PurecacheCache;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.cache.metrics.CacheMeterBinderProvider;

/**
 * Binds a {@link PurecacheCache} to Micrometer with {@link PurecacheMetrics}: {@code cache.size},
 * {@code cache.gets}, {@code cache.evictions}, {@code cache.load}, {@code cache.load.duration}.
 * The counters stay at zero unless the cache records statistics ({@code stats} in its spec).
 */
public class PurecacheCacheMeterBinderProvider implements CacheMeterBinderProvider<PurecacheCache> {

  /** Creates the provider. */
  public PurecacheCacheMeterBinderProvider() {}

  @Override
  public MeterBinder getMeterBinder(PurecacheCache cache, Iterable<Tag> tags) {
    return new PurecacheMetrics(cache.getNativeCache(), cache.getName(), tags);
  }
}
