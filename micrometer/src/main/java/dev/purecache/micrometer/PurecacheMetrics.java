package dev.purecache.micrometer;

import dev.purecache.Cache;
import dev.purecache.CacheStats;
import dev.purecache.RemovalCause;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Binds a purecache {@link Cache} to a Micrometer {@link MeterRegistry}, in the style of
 * Micrometer's own {@code CaffeineCacheMetrics} and with the same meter names where they mean the
 * same thing, so existing cache dashboards work.
 *
 * <table>
 *   <caption>Meters (every meter is tagged {@code cache} = the name and {@code policy} = LRU,
 *   LFU, TTL or LRU_TTL, plus the extra tags)</caption>
 *   <tr><th>name</th><th>type</th><th>extra tag</th><th>value</th></tr>
 *   <tr><td>cache.size</td><td>gauge</td><td></td><td>{@link Cache#size()}</td></tr>
 *   <tr><td>cache.gets</td><td>function counter</td><td>result=hit|miss</td>
 *       <td>{@link CacheStats#hitCount()}, {@link CacheStats#missCount()}</td></tr>
 *   <tr><td>cache.evictions</td><td>function counter</td><td></td>
 *       <td>{@link CacheStats#evictionCount()} (size and expiry)</td></tr>
 *   <tr><td>cache.removals</td><td>function counter</td>
 *       <td>cause=size|expired|explicit|replaced</td>
 *       <td>{@link RemovalCounter#count}; only when a {@link RemovalCounter} is given</td></tr>
 *   <tr><td>cache.load</td><td>function counter</td><td>result=success|failure</td>
 *       <td>{@link CacheStats#loadSuccessCount()}, {@link CacheStats#loadFailureCount()}</td></tr>
 *   <tr><td>cache.load.duration</td><td>function timer</td><td></td>
 *       <td>count = loads (success + failure), total = {@link CacheStats#totalLoadTime()}</td></tr>
 * </table>
 *
 * <p>The counters read {@link Cache#stats()}, so the cache must be built with {@code
 * recordStats()}; otherwise they stay at zero. As with Micrometer's own binders, the registry
 * holds the cache (and the removal counter, which the cache holds) weakly: a cache that is no
 * longer used can be collected, and its meters then report NaN (gauges) or their last value.
 * {@code cache.size} calls {@link Cache#size()}, which takes every stripe lock briefly: fine at a
 * scrape interval, not in a tight loop.
 */
public final class PurecacheMetrics implements MeterBinder {
  private final Cache<?, ?> cache;
  private final Tags tags;
  private final RemovalCounter<?, ?> removals;

  /**
   * Creates a binder for {@code cache} without removal counts by cause.
   *
   * @param cache the cache to measure
   * @param name the value of the {@code cache} tag
   * @param tags extra tags for every meter
   */
  public PurecacheMetrics(Cache<?, ?> cache, String name, Iterable<Tag> tags) {
    this(cache, name, tags, null);
  }

  /**
   * Creates a binder for {@code cache}; {@code removals}, if not null, must be the cache's removal
   * listener (or the listener it delegates to) and adds {@code cache.removals} by cause.
   *
   * @param cache the cache to measure
   * @param name the value of the {@code cache} tag
   * @param tags extra tags for every meter
   * @param removals the cache's removal counter, or null
   */
  public PurecacheMetrics(
      Cache<?, ?> cache, String name, Iterable<Tag> tags, RemovalCounter<?, ?> removals) {
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(name, "name");
    this.cache = cache;
    this.tags = Tags.concat(tags, "cache", name, "policy", policyOf(cache));
    this.removals = removals;
  }

  /**
   * Binds {@code cache} to {@code registry} and returns the cache.
   *
   * @param registry the registry
   * @param cache the cache to measure
   * @param name the value of the {@code cache} tag
   * @param tags extra tags as key, value pairs
   * @param <C> the cache type
   * @return {@code cache}
   */
  public static <C extends Cache<?, ?>> C monitor(
      MeterRegistry registry, C cache, String name, String... tags) {
    new PurecacheMetrics(cache, name, Tags.of(tags)).bindTo(registry);
    return cache;
  }

  /**
   * Binds {@code cache} to {@code registry} with removal counts by cause and returns the cache.
   *
   * @param registry the registry
   * @param cache the cache to measure
   * @param removals the counter installed as the cache's removal listener
   * @param name the value of the {@code cache} tag
   * @param tags extra tags as key, value pairs
   * @param <C> the cache type
   * @return {@code cache}
   */
  public static <C extends Cache<?, ?>> C monitor(
      MeterRegistry registry, C cache, RemovalCounter<?, ?> removals, String name, String... tags) {
    new PurecacheMetrics(cache, name, Tags.of(tags), removals).bindTo(registry);
    return cache;
  }

  /** Returns the name of the cache's eviction policy. */
  static String policyOf(Cache<?, ?> cache) {
    return cache.info().policy().name();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    Gauge.builder("cache.size", cache, Cache::size)
        .tags(tags)
        .description("The number of live entries in the cache")
        .register(registry);
    counter(registry, "cache.gets", "hit", "result", CacheStats::hitCount,
        "Lookups that found a live entry");
    counter(registry, "cache.gets", "miss", "result", CacheStats::missCount,
        "Lookups that found no live entry");
    FunctionCounter.builder("cache.evictions", cache, stat(CacheStats::evictionCount))
        .tags(tags)
        .description("Entries evicted for size or expiry")
        .register(registry);
    counter(registry, "cache.load", "success", "result", CacheStats::loadSuccessCount,
        "Loads whose loader returned a value or null");
    counter(registry, "cache.load", "failure", "result", CacheStats::loadFailureCount,
        "Loads that failed, timed out or were cancelled");
    FunctionTimer.builder(
            "cache.load.duration",
            cache,
            c -> c.stats().loadCount(),
            stat(CacheStats::totalLoadTime),
            TimeUnit.NANOSECONDS)
        .tags(tags)
        .description("Time spent in loaders")
        .register(registry);
    if (removals != null) {
      for (RemovalCause cause : RemovalCause.values()) {
        FunctionCounter.builder("cache.removals", removals, r -> r.count(cause))
            .tags(tags)
            .tag("cause", cause.name().toLowerCase(Locale.ROOT))
            .description("Entries removed, by cause")
            .register(registry);
      }
    }
  }

  private void counter(
      MeterRegistry registry,
      String name,
      String tagValue,
      String tagKey,
      ToLongFunction<CacheStats> value,
      String description) {
    FunctionCounter.builder(name, cache, stat(value))
        .tags(tags)
        .tag(tagKey, tagValue)
        .description(description)
        .register(registry);
  }

  private static ToDoubleFunction<Cache<?, ?>> stat(ToLongFunction<CacheStats> value) {
    return c -> value.applyAsLong(c.stats());
  }
}
