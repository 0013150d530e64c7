package dev.purecache.redis;

import dev.purecache.micrometer.PurecacheMetrics;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Binds a {@link RedisNearCache} to a Micrometer {@link MeterRegistry}: the meters of {@link
 * PurecacheMetrics} (from {@link RedisNearCache#stats()}, so {@code cache.gets} counts hits of
 * either tier), plus each tier and the invalidations apart:
 *
 * <table>
 *   <caption>Meters added (tagged {@code cache} = the name, plus the extra tags)</caption>
 *   <tr><th>name</th><th>extra tag</th><th>value</th></tr>
 *   <tr><td>cache.near.gets</td><td>result=local.hit|redis.hit|redis.miss</td>
 *       <td>{@link NearCacheStats#localHits()}, {@link NearCacheStats#redisHits()}, {@link
 *       NearCacheStats#redisMisses()}</td></tr>
 *   <tr><td>cache.near.loads</td><td>result=success|failure</td>
 *       <td>loader runs</td></tr>
 *   <tr><td>cache.near.invalidations</td><td>kind=key|flush</td>
 *       <td>{@link NearCacheStats#invalidations()}, {@link NearCacheStats#flushes()}</td></tr>
 *   <tr><td>cache.near.reconnects</td><td></td><td>{@link NearCacheStats#reconnects()}</td></tr>
 * </table>
 *
 * <p>All are function counters over {@link RedisNearCache#nearStats()}: build the cache with
 * {@code recordStats()}, or they stay at zero. Needs {@code purecache-micrometer} and {@code
 * micrometer-core} on the class path (optional dependencies of this module).
 */
public final class NearCacheMetrics implements MeterBinder {
  private final RedisNearCache<?, ?> cache;
  private final String name;
  private final Tags tags;

  /**
   * Creates a binder.
   *
   * @param cache the cache to measure
   * @param name the value of the {@code cache} tag
   * @param tags extra tags for every meter
   * @throws NullPointerException if an argument is null
   */
  public NearCacheMetrics(RedisNearCache<?, ?> cache, String name, Iterable<Tag> tags) {
    this.cache = Objects.requireNonNull(cache, "cache");
    this.name = Objects.requireNonNull(name, "name");
    this.tags = Tags.concat(Objects.requireNonNull(tags, "tags"), "cache", name);
  }

  /**
   * Binds {@code cache} to {@code registry} and returns it.
   *
   * @param registry the registry
   * @param cache the cache to measure
   * @param name the value of the {@code cache} tag
   * @param tags extra tags as key, value pairs
   * @param <C> the cache type
   * @return {@code cache}
   */
  public static <C extends RedisNearCache<?, ?>> C monitor(
      MeterRegistry registry, C cache, String name, String... tags) {
    new NearCacheMetrics(cache, name, Tags.of(tags)).bindTo(registry);
    return cache;
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    new PurecacheMetrics(cache, name, tags.stream().filter(t -> !t.getKey().equals("cache"))
        .toList()).bindTo(registry);
    counter(registry, "cache.near.gets", "result", "local.hit", NearCacheStats::localHits,
        "Reads answered by the local tier");
    counter(registry, "cache.near.gets", "result", "redis.hit", NearCacheStats::redisHits,
        "Local misses answered by Redis");
    counter(registry, "cache.near.gets", "result", "redis.miss", NearCacheStats::redisMisses,
        "Local misses Redis had no value for");
    counter(registry, "cache.near.loads", "result", "success", NearCacheStats::loadSuccesses,
        "Loader runs that returned");
    counter(registry, "cache.near.loads", "result", "failure", NearCacheStats::loadFailures,
        "Loader runs that threw");
    counter(registry, "cache.near.invalidations", "kind", "key", NearCacheStats::invalidations,
        "Keys the server reported changed");
    counter(registry, "cache.near.invalidations", "kind", "flush", NearCacheStats::flushes,
        "Times the local tier was dropped: a server flush or lost tracking");
    FunctionCounter.builder("cache.near.reconnects", cache,
            c -> c.nearStats().reconnects())
        .tags(tags)
        .description("Times tracking was established again after it was lost")
        .register(registry);
  }

  private void counter(MeterRegistry registry, String meter, String tagKey, String tagValue,
      ToLongFunction<NearCacheStats> value, String description) {
    FunctionCounter.builder(meter, cache, c -> value.applyAsLong(c.nearStats()))
        .tags(tags)
        .tag(tagKey, tagValue)
        .description(description)
        .register(registry);
  }
}
