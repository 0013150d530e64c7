package dev.purecache.examples.catalog;

import dev.purecache.Policy;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The catalog's settings. Every key has a default; {@link #from} reads overrides from any key
 * lookup (Helidon config, system properties, environment variables).
 *
 * <table>
 *   <caption>Keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code catalog.cache.enabled}</td><td>{@code true}</td>
 *       <td>{@code false} sends every request to the repository</td></tr>
 *   <tr><td>{@code catalog.cache.backend}</td><td>{@code lru_ttl}</td>
 *       <td>{@code lru}, {@code lfu}, {@code ttl} or {@code lru_ttl}</td></tr>
 *   <tr><td>{@code catalog.cache.capacity}</td><td>{@code 1000}</td>
 *       <td>maximum number of cached products (and of cached misses)</td></tr>
 *   <tr><td>{@code catalog.cache.ttl}</td><td>{@code 5m}</td>
 *       <td>time to live of a product ({@code ttl} and {@code lru_ttl} backends)</td></tr>
 *   <tr><td>{@code catalog.cache.miss-ttl}</td><td>{@code 5s}</td>
 *       <td>how long an unknown id is remembered as unknown</td></tr>
 *   <tr><td>{@code catalog.repository.size}</td><td>{@code 1000}</td>
 *       <td>products {@code 1..size} exist</td></tr>
 *   <tr><td>{@code catalog.repository.min-latency}</td><td>{@code 20ms}</td>
 *       <td>shortest simulated repository latency</td></tr>
 *   <tr><td>{@code catalog.repository.max-latency}</td><td>{@code 50ms}</td>
 *       <td>longest simulated repository latency</td></tr>
 * </table>
 *
 * <p>Durations are written as a number and a unit ({@code 250ms}, {@code 5s}, {@code 10m},
 * {@code 1h}) or in ISO-8601 ({@code PT5M}).
 *
 * @param cacheEnabled whether lookups go through the cache
 * @param backend the eviction policy of the product cache
 * @param capacity the maximum number of cached products
 * @param ttl the time to live of a cached product, used by expiring backends
 * @param missTtl how long an unknown id stays cached as unknown
 * @param repositorySize how many products the simulated repository holds
 * @param minLatency the shortest simulated repository latency
 * @param maxLatency the longest simulated repository latency
 */
public record CatalogSettings(
    boolean cacheEnabled,
    Policy backend,
    int capacity,
    Duration ttl,
    Duration missTtl,
    int repositorySize,
    Duration minLatency,
    Duration maxLatency) {

  /** The settings with every key at its default. */
  public static final CatalogSettings DEFAULTS =
      new CatalogSettings(
          true,
          Policy.LRU_TTL,
          1000,
          Duration.ofMinutes(5),
          Duration.ofSeconds(5),
          1000,
          Duration.ofMillis(20),
          Duration.ofMillis(50));

  /** Checks the fields. */
  public CatalogSettings {
    Objects.requireNonNull(backend, "backend");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(missTtl, "missTtl");
    Objects.requireNonNull(minLatency, "minLatency");
    Objects.requireNonNull(maxLatency, "maxLatency");
    if (capacity < 1) {
      throw new IllegalArgumentException("catalog.cache.capacity must be >= 1, was " + capacity);
    }
    if (ttl.isZero() || ttl.isNegative() || missTtl.isZero() || missTtl.isNegative()) {
      throw new IllegalArgumentException(
          "catalog.cache.ttl and catalog.cache.miss-ttl must be positive, were "
              + ttl + " and " + missTtl);
    }
  }

  /**
   * Reads settings from a key lookup, falling back to {@link #DEFAULTS} key by key.
   *
   * @param source returns the value of a key such as {@code catalog.cache.capacity}, or empty
   * @return the settings
   * @throws IllegalArgumentException if a value cannot be parsed or is out of range
   */
  public static CatalogSettings from(Function<String, Optional<String>> source) {
    CatalogSettings d = DEFAULTS;
    return new CatalogSettings(
        source.apply("catalog.cache.enabled").map(CatalogSettings::parseBoolean)
            .orElse(d.cacheEnabled()),
        source.apply("catalog.cache.backend").map(CatalogSettings::parsePolicy)
            .orElse(d.backend()),
        source.apply("catalog.cache.capacity").map(Integer::parseInt).orElse(d.capacity()),
        source.apply("catalog.cache.ttl").map(CatalogSettings::parseDuration).orElse(d.ttl()),
        source.apply("catalog.cache.miss-ttl").map(CatalogSettings::parseDuration)
            .orElse(d.missTtl()),
        source.apply("catalog.repository.size").map(Integer::parseInt)
            .orElse(d.repositorySize()),
        source.apply("catalog.repository.min-latency").map(CatalogSettings::parseDuration)
            .orElse(d.minLatency()),
        source.apply("catalog.repository.max-latency").map(CatalogSettings::parseDuration)
            .orElse(d.maxLatency()));
  }

  /**
   * Reads settings from system properties ({@code -Dcatalog.cache.capacity=500}), then from
   * environment variables ({@code CATALOG_CACHE_CAPACITY=500}; dots and dashes become
   * underscores), then defaults.
   *
   * @return the settings
   */
  public static CatalogSettings fromSystem() {
    return from(CatalogSettings::systemSetting);
  }

  /**
   * Returns the value of a key set for this process: the system property of that name, else the
   * environment variable named by {@link #environmentName}, else empty.
   *
   * @param key a key such as {@code catalog.cache.miss-ttl}
   * @return its value, if set
   */
  public static Optional<String> systemSetting(String key) {
    return Optional.ofNullable(System.getProperty(key))
        .or(() -> Optional.ofNullable(System.getenv(environmentName(key))));
  }

  /**
   * Returns the environment variable name of a key: upper case, dots and dashes as underscores.
   *
   * @param key a key such as {@code catalog.cache.miss-ttl}
   * @return the name, such as {@code CATALOG_CACHE_MISS_TTL}
   */
  public static String environmentName(String key) {
    return key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
  }

  /** Creates the repository these settings describe. */
  public SlowProductRepository newRepository() {
    return new SlowProductRepository(repositorySize, minLatency, maxLatency);
  }

  /**
   * Parses a duration: a number and a unit ({@code ms}, {@code s}, {@code m}, {@code h}) or
   * ISO-8601.
   *
   * @param text the text
   * @return the duration
   */
  public static Duration parseDuration(String text) {
    String s = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      if (s.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2).trim()));
      }
      long amount = Long.parseLong(s.substring(0, s.length() - 1).trim());
      return switch (s.charAt(s.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default -> throw new IllegalArgumentException("unknown unit");
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration (use 250ms, 5s, 10m, 1h or ISO-8601): " + text, e);
    }
  }

  private static boolean parseBoolean(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not a boolean: " + text);
    };
  }

  private static Policy parsePolicy(String text) {
    try {
      return Policy.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "catalog.cache.backend must be lru, lfu, ttl or lru_ttl, was " + text, e);
    }
  }
}
