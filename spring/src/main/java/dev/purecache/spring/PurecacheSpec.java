package dev.purecache.spring;

import dev.purecache.CacheBuilder;
import dev.purecache.Policy;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The settings of a cache written as one string, in the style of Caffeine's {@code CaffeineSpec}:
 * comma-separated {@code key=value} pairs, for example {@code
 * policy=lru_ttl,capacity=10000,ttl=5m,stats}.
 *
 * <table>
 *   <caption>Keys (each at most once; whitespace around keys and values is ignored)</caption>
 *   <tr><th>key</th><th>value</th><th>builder setting</th></tr>
 *   <tr><td>{@code policy}</td><td>a {@link Policy} name in any case ({@code lru}, {@code
 *       lru_ttl}...)</td><td>{@link CacheBuilder#policy}; left out, the builder's default</td></tr>
 *   <tr><td>{@code capacity}</td><td>a whole number, at least 1</td>
 *       <td>{@link CacheBuilder#capacity}</td></tr>
 *   <tr><td>{@code ttl}</td><td>a positive duration</td><td>{@link CacheBuilder#ttl}</td></tr>
 *   <tr><td>{@code stripes}</td><td>a whole number, at least 1</td>
 *       <td>{@link CacheBuilder#stripes}</td></tr>
 *   <tr><td>{@code load-timeout}</td><td>a positive duration</td>
 *       <td>{@link CacheBuilder#loadTimeout}</td></tr>
 *   <tr><td>{@code stats}</td><td>none</td><td>{@link CacheBuilder#recordStats}</td></tr>
 * </table>
 *
 * <p>Durations are a whole number with a unit, {@code ms}, {@code s}, {@code m}, {@code h} or
 * {@code d} ({@code 250ms}, {@code 5m}), or ISO-8601 ({@code PT5M}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PurecacheSpec {
  private static final String KEYS = "policy, capacity, ttl, stripes, load-timeout, stats";

  private final String text;
  private final Policy policy;
  private final Integer capacity;
  private final Duration ttl;
  private final Integer stripes;
  private final Duration loadTimeout;
  private final boolean recordStats;

  private PurecacheSpec(
      String text,
      Policy policy,
      Integer capacity,
      Duration ttl,
      Integer stripes,
      Duration loadTimeout,
      boolean recordStats) {
    this.text = text;
    this.policy = policy;
    this.capacity = capacity;
    this.ttl = ttl;
    this.stripes = stripes;
    this.loadTimeout = loadTimeout;
    this.recordStats = recordStats;
  }

  /**
   * Parses a specification. Parsing checks each key and value on its own; whether the settings
   * fit together (a {@code ttl} with {@code policy=lru}, say) is checked by {@link
   * CacheBuilder#build()}, which {@link PurecacheCacheManager} calls when the spec is set.
   *
   * @param spec the specification, for example {@code policy=lru,capacity=1000}
   * @return the parsed specification
   * @throws NullPointerException if {@code spec} is null
   * @throws IllegalArgumentException if a part is malformed, repeated, or has an unknown key or a
   *     bad value; the message names the part and the whole spec
   */
  public static PurecacheSpec parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    Policy policy = null;
    Integer capacity = null;
    Duration ttl = null;
    Integer stripes = null;
    Duration loadTimeout = null;
    boolean recordStats = false;
    Set<String> seen = new HashSet<>();
    for (String part : spec.split(",", -1)) {
      String trimmed = part.strip();
      if (trimmed.isEmpty()) {
        if (spec.isBlank()) {
          break;
        }
        throw error(spec, "an empty part (two commas in a row, or a comma at either end)");
      }
      int eq = trimmed.indexOf('=');
      String key = (eq < 0 ? trimmed : trimmed.substring(0, eq)).strip().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? null : trimmed.substring(eq + 1).strip();
      if (!seen.add(key)) {
        throw error(spec, "'" + key + "' is given more than once");
      }
      switch (key) {
        case "policy" -> policy = parsePolicy(spec, require(spec, key, value));
        case "capacity" -> capacity = parsePositiveInt(spec, key, require(spec, key, value));
        case "ttl" -> ttl = parseDuration(spec, key, require(spec, key, value));
        case "stripes" -> stripes = parsePositiveInt(spec, key, require(spec, key, value));
        case "load-timeout" -> loadTimeout = parseDuration(spec, key, require(spec, key, value));
        case "stats" -> {
          if (value != null) {
            throw error(spec, "'stats' takes no value, got 'stats=" + value + "'");
          }
          recordStats = true;
        }
        default -> throw error(spec, "unknown key '" + key + "' in '" + trimmed + "' (known: " + KEYS + ")");
      }
    }
    return new PurecacheSpec(spec, policy, capacity, ttl, stripes, loadTimeout, recordStats);
  }

  /**
   * Returns a new builder with this specification's settings; settings the spec leaves out keep
   * the builder's defaults.
   *
   * @return a new builder
   */
  public CacheBuilder<Object, Object> toBuilder() {
    CacheBuilder<Object, Object> builder = CacheBuilder.newBuilder();
    if (policy != null) {
      builder.policy(policy);
    }
    if (capacity != null) {
      builder.capacity(capacity);
    }
    if (ttl != null) {
      builder.ttl(ttl);
    }
    if (stripes != null) {
      builder.stripes(stripes);
    }
    if (loadTimeout != null) {
      builder.loadTimeout(loadTimeout);
    }
    if (recordStats) {
      builder.recordStats();
    }
    return builder;
  }

  /**
   * Returns the policy named by the spec, or {@code null} if it names none.
   *
   * @return the policy, or {@code null}
   */
  public Policy policy() {
    return policy;
  }

  /**
   * Returns the capacity, or {@code null} if the spec sets none.
   *
   * @return the capacity, or {@code null}
   */
  public Integer capacity() {
    return capacity;
  }

  /**
   * Returns the time to live, or {@code null} if the spec sets none.
   *
   * @return the time to live, or {@code null}
   */
  public Duration ttl() {
    return ttl;
  }

  /**
   * Returns whether the spec turns statistics on.
   *
   * @return {@code true} if {@code stats} is given
   */
  public boolean recordStats() {
    return recordStats;
  }

  /** Returns the specification as it was written. */
  @Override
  public String toString() {
    return text;
  }

  private static String require(String spec, String key, String value) {
    if (value == null || value.isEmpty()) {
      throw error(spec, "'" + key + "' needs a value ('" + key + "=...')");
    }
    return value;
  }

  private static Policy parsePolicy(String spec, String value) {
    try {
      return Policy.valueOf(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String known =
          Arrays.stream(Policy.values())
              .map(p -> p.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", "));
      throw error(spec, "unknown policy 'policy=" + value + "' (known: " + known + ")");
    }
  }

  private static int parsePositiveInt(String spec, String key, String value) {
    int n;
    try {
      n = Integer.parseInt(value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw error(spec, "'" + key + "=" + value + "' is not a whole number");
    }
    if (n < 1) {
      throw error(spec, "'" + key + "=" + value + "' must be at least 1");
    }
    return n;
  }

  private static Duration parseDuration(String spec, String key, String value) {
    Duration d = duration(value);
    if (d == null) {
      throw error(
          spec,
          "'" + key + "=" + value + "' is not a duration (a whole number with ms, s, m, h or d, "
              + "as in 250ms or 5m, or ISO-8601 such as PT5M)");
    }
    if (d.isZero() || d.isNegative()) {
      throw error(spec, "'" + key + "=" + value + "' must be positive");
    }
    return d;
  }

  private static Duration duration(String value) {
    if (value.startsWith("P") || value.startsWith("p")) {
      try {
        return Duration.parse(value);
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    String lower = value.toLowerCase(Locale.ROOT);
    int split = 0;
    while (split < lower.length() && Character.isDigit(lower.charAt(split))) {
      split++;
    }
    if (split == 0 || split == lower.length()) {
      return null;
    }
    long amount;
    try {
      amount = Long.parseLong(lower.substring(0, split));
    } catch (NumberFormatException e) {
      return null;
    }
    return switch (lower.substring(split)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> null;
    };
  }

  private static IllegalArgumentException error(String spec, String what) {
    return new IllegalArgumentException("purecache spec '" + spec + "': " + what);
  }
}
